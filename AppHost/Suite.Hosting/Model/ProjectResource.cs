using System.Globalization;
using Suite.Hosting.Infrastructure;
using Suite.Hosting.Processes;

namespace Suite.Hosting;

/// <summary>
/// A built .NET project run as <c>dotnet &lt;repo&gt;/&lt;dir&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;Assembly&gt;.dll</c> with two
/// allocated endpoints (grpc: h2c, http: HTTP/1.1), readiness from GET /health on the http endpoint, and restarts with
/// backoff when it crashes (at most <see cref="MaxRestarts"/>).
/// </summary>
public sealed class ProjectResource : Resource
{
    public const int MaxRestarts = 3;

    private readonly List<Action<DistributedApplication, IDictionary<string, string?>>> _environment = [];
    private readonly List<string> _args = [];
    private readonly object _gate = new();
    private CancellationTokenSource? _stop;
    private ManagedProcess? _process;
    private Task? _runLoop;
    private string? _logPath;

    /// <param name="name">Resource name (also the service name in services__&lt;name&gt;__grpc__0).</param>
    /// <param name="projectPath">Relative to the repository root, without extension: "services/ingestion/Suite.Ingestion".</param>
    public ProjectResource(string name, string projectPath) : base(name)
    {
        ProjectPath = projectPath.Replace('\\', '/').TrimEnd('/');
        if (ProjectPath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            ProjectPath = ProjectPath[..^".csproj".Length];
        }
    }

    public override string Type => "project";

    public string ProjectPath { get; }
    public string AssemblyName => Path.GetFileName(ProjectPath);

    /// <summary>False for console tools (the simulator): no Kestrel endpoints, no /metrics scraping.</summary>
    public bool HasEndpoints { get; internal set; } = true;

    /// <summary>Readiness path on the http endpoint; null: running as soon as the process started.</summary>
    public string? HealthPath { get; internal set; } = "/health";

    public int? PreferredGrpcPort { get; internal set; }
    public int? PreferredHttpPort { get; internal set; }

    /// <summary>Allocated at prepare time (0 before, or without endpoints).</summary>
    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public Uri GrpcEndpoint => HasEndpoints && GrpcPort > 0
        ? new Uri($"http://127.0.0.1:{GrpcPort}")
        : throw new InvalidOperationException($"{Name} has no gRPC endpoint");

    public Uri HttpEndpoint => HasEndpoints && HttpPort > 0
        ? new Uri($"http://127.0.0.1:{HttpPort}")
        : throw new InvalidOperationException($"{Name} has no http endpoint");

    public IReadOnlyList<string> Args => _args;

    /// <summary>How often it was restarted after crashing.</summary>
    public int RestartCount { get; private set; }

    public int? ProcessId => _process is { HasExited: false } p ? p.Pid : null;

    public override string? LogPath => _logPath;

    public override IReadOnlyList<ResourceUrl> Urls => !HasEndpoints || GrpcPort == 0
        ? []
        : [
            new("grpc", GrpcEndpoint.ToString().TrimEnd('/')),
            new("http", HttpEndpoint.ToString().TrimEnd('/')),
            new("metrics", new Uri(HttpEndpoint, "/metrics").ToString()),
        ];

    /// <summary>dll of this project for a build configuration.</summary>
    public string DllPath(DistributedApplicationOptions options) => Path.Combine(options.RepoRoot,
        Path.GetDirectoryName(ProjectPath) ?? "", "bin", options.Configuration, options.TargetFramework, AssemblyName + ".dll");

    internal void AddEnvironment(Action<DistributedApplication, IDictionary<string, string?>> apply) => _environment.Add(apply);

    internal void AddArgs(IEnumerable<string> args) => _args.AddRange(args);

    /// <summary>
    /// The environment the process gets on top of the host's: Development, service name, glibc arena limit, signing
    /// key, Kestrel endpoints, then references (ConnectionStrings__*, services__*), then WithEnvironment values (last wins).
    /// </summary>
    public IReadOnlyDictionary<string, string?> BuildEnvironment(DistributedApplication app)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Kestrel takes its endpoints from the variables below, not from these.
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
            ["ASPNETCORE_HTTPS_PORTS"] = null,
            ["DOTNET_URLS"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = Name,
            // glibc otherwise opens up to 8 malloc arenas per core as threads come and go; with 2, reporting and
            // predictions sat 25-35 MiB lower in the soak (docs/reliability.md).
            ["MALLOC_ARENA_MAX"] = "2",
            // A fixed threshold turns off glibc's dynamic one, which after the first large free serves blocks up to
            // 32 MiB (Skia surfaces, PDF and zip buffers) from the heap, where freed ones stay resident: reporting's
            // resident memory crept up in steps in every soak with a flat GC heap.
            ["MALLOC_MMAP_THRESHOLD_"] = "131072",
            // One line per log entry: readable when five services share the AppHost console.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss ",
        };
        if (app.Options.SigningKey is { } key)
        {
            env["Auth__SigningKey"] = key;
        }
        if (HasEndpoints)
        {
            env["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{GrpcPort}";
            env["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
            env["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{HttpPort}";
            env["Kestrel__Endpoints__http__Protocols"] = "Http1";
        }
        foreach (var apply in _environment)
        {
            apply(app, env);
        }
        return env;
    }

    internal override void Prepare(DistributedApplication app)
    {
        _logPath = Path.Combine(app.Options.StateDir, "logs", Name + ".log");
        if (HasEndpoints && GrpcPort == 0)
        {
            GrpcPort = PortAllocator.Allocate(PreferredGrpcPort);
            HttpPort = PortAllocator.Allocate(PreferredHttpPort);
        }
    }

    internal override async Task StartAsync(DistributedApplication app, CancellationToken ct)
    {
        var dll = DllPath(app.Options);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} not found: build it first (dotnet build -c {app.Options.Configuration} {ProjectPath}.csproj)");
        }
        var spec = new ProcessSpec
        {
            Name = Name,
            FileName = "dotnet",
            Args = [dll, .. _args],
            Environment = BuildEnvironment(app),
            WorkingDirectory = Path.GetDirectoryName(dll),   // content root: appsettings.json sits next to the dll
            LogPath = _logPath,
            Echo = app.Options.Echo,
        };
        var stop = new CancellationTokenSource();
        var firstStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _stop = stop;
            _runLoop = RunLoopAsync(app, spec, firstStart, stop.Token);
        }
        await firstStart.Task.WaitAsync(ct).ConfigureAwait(false);

        if (!HasEndpoints || HealthPath is null)
        {
            SetState(ResourceState.Running);
            return;
        }
        var deadline = DateTime.UtcNow + app.Options.HealthTimeout;
        var health = new Uri(HttpEndpoint, HealthPath);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (State is ResourceState.Crashed or ResourceState.Finished)
            {
                throw new InvalidOperationException($"{Name} {StateDetail} before it became healthy; log: {LogPath}{System.Environment.NewLine}{_process?.Tail()}");
            }
            var process = _process;
            if (process is { HasExited: false } && await HttpProbe.IsOkAsync(health, ct: ct).ConfigureAwait(false))
            {
                if (!process.HasExited)
                {
                    SetState(ResourceState.Running, RestartCount > 0 ? $"restarted {RestartCount}x" : null);
                    return;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{Name} did not answer {health} with 2xx within {app.Options.HealthTimeout.TotalSeconds:0}s; log: {LogPath}");
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    internal override async Task StopAsync(DistributedApplication app)
    {
        CancellationTokenSource? stop;
        Task? loop;
        lock (_gate)
        {
            stop = _stop;
            loop = _runLoop;
            _stop = null;
            _runLoop = null;
        }
        if (stop is null)
        {
            return;
        }
        await stop.CancelAsync().ConfigureAwait(false);
        if (_process is { } process)
        {
            // SIGTERM: the host shuts down gracefully (drains, stops MassTransit); SIGKILL after the grace period.
            await process.StopAsync(app.Options.StopTimeout).ConfigureAwait(false);
        }
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
        _process?.Dispose();
        _process = null;
        stop.Dispose();
    }

    private async Task RunLoopAsync(DistributedApplication app, ProcessSpec spec, TaskCompletionSource firstStart, CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            ManagedProcess process;
            try
            {
                process = ManagedProcess.Start(spec, app.Tracker);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                SetState(ResourceState.FailedToStart, ex.Message);
                firstStart.TrySetException(ex);
                return;
            }
            _process?.Dispose();
            _process = process;
            firstStart.TrySetResult();
            if (RestartCount > 0)
            {
                _ = MarkRunningWhenHealthyAsync(process, stop);
            }

            int code;
            try
            {
                code = await process.Exited.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;   // StopAsync stops the process
            }
            if (stop.IsCancellationRequested)
            {
                return;
            }
            if (code == 0)
            {
                SetState(ResourceState.Finished, "exited with code 0");
                return;
            }
            if (RestartCount >= MaxRestarts)
            {
                SetState(ResourceState.Crashed, $"crashed with exit code {code} (gave up after {MaxRestarts} restarts)");
                return;
            }
            RestartCount++;
            var delay = TimeSpan.FromSeconds(Math.Pow(2, RestartCount - 1));
            SetState(ResourceState.Restarting, string.Create(CultureInfo.InvariantCulture,
                $"crashed with exit code {code}; restart {RestartCount}/{MaxRestarts} in {delay.TotalSeconds:0}s"));
            try
            {
                await Task.Delay(delay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task MarkRunningWhenHealthyAsync(ManagedProcess process, CancellationToken stop)
    {
        if (!HasEndpoints || HealthPath is null)
        {
            SetState(ResourceState.Running, $"restarted {RestartCount}x");
            return;
        }
        var health = new Uri(HttpEndpoint, HealthPath);
        try
        {
            while (!process.HasExited && !stop.IsCancellationRequested)
            {
                if (await HttpProbe.IsOkAsync(health, ct: stop).ConfigureAwait(false) && !process.HasExited)
                {
                    SetState(ResourceState.Running, $"restarted {RestartCount}x");
                    return;
                }
                await Task.Delay(250, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
