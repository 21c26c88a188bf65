using System.Globalization;
using System.Reflection;
using Grpc.Net.Client;
using Suite.Hosting;
using Suite.Hosting.Processes;

namespace Suite.Testing;

/// <summary>
/// A real built suite service (services/&lt;name&gt;/bin/&lt;Configuration&gt;/net10.0/Suite.&lt;Name&gt;.dll) as a child
/// process, for tests that kill it. Settings are configuration keys ("ConnectionStrings:alertingdb") passed as
/// environment variables. A process tracker's watchdog kills it should the test host die first.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly string _name;
    private readonly ManagedProcess _process;

    private ServiceProcess(string name, ManagedProcess process, int grpcPort, int httpPort)
    {
        _name = name;
        _process = process;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }

    /// <summary>A gRPC channel to the service's gRPC endpoint; disposed with the process.</summary>
    public GrpcChannel Channel { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The configuration the tests were built in (Debug): the service is built alongside by the project reference.</summary>
    public static string Configuration =>
        typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <param name="name">The service folder under services/, e.g. "ingestion".</param>
    public static string DllPath(string name)
    {
        var assembly = "Suite." + char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..] + ".dll";
        return Path.Combine(RepoRootLocator.Find(), "services", name, "bin", Configuration, "net10.0", assembly);
    }

    /// <param name="name">The service folder under services/, e.g. "alerting".</param>
    /// <param name="settings">Configuration keys and values (":" separated); they win over the defaults here.</param>
    /// <param name="ports">Reuse the ports of a previous instance (a restart), or null for new ones.</param>
    public static async Task<ServiceProcess> StartAsync(
        string name, ProcessTracker tracker, IReadOnlyDictionary<string, string?> settings, string logPath, (int Grpc, int Http)? ports = null)
    {
        var dll = DllPath(name);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: the test project must reference services/{name} (or build it in {Configuration})");
        }
        var (grpc, http) = ports ?? (PortAllocator.Allocate(), PortAllocator.Allocate());
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = null,
            ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}",
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}",
            ["Kestrel__Endpoints__http__Protocols"] = "Http1",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = name,
            FileName = "dotnet",
            Args = [dll],
            WorkingDirectory = Path.GetDirectoryName(dll),
            LogPath = logPath,
            Environment = environment,
        }, tracker);
        var service = new ServiceProcess(name, process, grpc, http);
        try
        {
            await service.WaitHealthyAsync();
        }
        catch
        {
            service.Dispose();
            throw;
        }
        return service;
    }

    /// <summary>/health is ready only once the database and the bus (with its consumer endpoints) are up.</summary>
    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited during start-up:{Environment.NewLine}{_process.Tail()}");
            }
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{HttpPort}/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{_name} did not become healthy in 60 s:{Environment.NewLine}{_process.Tail()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL (Process.Kill of the whole tree): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        Channel.Dispose();
        _process.Dispose();
    }
}
