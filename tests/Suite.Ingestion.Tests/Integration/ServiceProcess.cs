using System.Reflection;
using Grpc.Net.Client;
using Suite.Hosting;
using Suite.Hosting.Processes;
using IngestionClient = Suite.Contracts.Ingestion.V1.Ingestion.IngestionClient;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>
/// The real built service (services/ingestion/bin/&lt;Configuration&gt;/net10.0/Suite.Ingestion.dll) as a child process,
/// for tests that kill it. A process tracker's watchdog kills it should the test host die first.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly ManagedProcess _process;
    private readonly GrpcChannel _channel;

    private ServiceProcess(ManagedProcess process, int grpcPort, int httpPort)
    {
        _process = process;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }
    public IngestionClient Client => new(_channel);
    public bool HasExited => _process.HasExited;

    public static string DllPath
    {
        get
        {
            var configuration = typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(RepoRootLocator.Find(), "services", "ingestion", "bin", configuration, "net10.0", "Suite.Ingestion.dll");
        }
    }

    /// <param name="ports">Reuse the ports of a previous instance (a restart), or null for new ones.</param>
    public static async Task<ServiceProcess> StartAsync(ProcessTracker tracker, string database, string rabbitMq, string signingKey, string logPath, (int Grpc, int Http)? ports = null)
    {
        var (grpc, http) = ports ?? (PortAllocator.Allocate(), PortAllocator.Allocate());
        var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = "ingestion",
            FileName = "dotnet",
            Args = [DllPath],
            WorkingDirectory = Path.GetDirectoryName(DllPath),
            LogPath = logPath,
            Environment = new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = null,
                ["ConnectionStrings__ingestiondb"] = database,
                ["ConnectionStrings__rabbitmq"] = rabbitMq,
                ["Auth__SigningKey"] = signingKey,
                ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}",
                ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
                ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}",
                ["Kestrel__Endpoints__http__Protocols"] = "Http1",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        }, tracker);
        var service = new ServiceProcess(process, grpc, http);
        await service.WaitHealthyAsync();
        return service;
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"ingestion exited during start-up:{Environment.NewLine}{_process.Tail()}");
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
                throw new InvalidOperationException($"ingestion did not become healthy in 60 s:{Environment.NewLine}{_process.Tail()}");
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
        _channel.Dispose();
        _process.Dispose();
    }
}
