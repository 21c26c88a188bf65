using Suite.Hosting.Processes;

namespace Suite.Hosting.Infrastructure;

public sealed class PostgresExporterOptions
{
    /// <summary>Folder for the log file.</summary>
    public required string Directory { get; init; }

    /// <summary>Preferred port (conventionally 9187); another free one is used when it is taken.</summary>
    public int? Port { get; init; }

    /// <summary>Debian's prometheus-postgres-exporter (scripts/install.sh).</summary>
    public string Executable { get; init; } = DefaultExecutable;

    public const string DefaultExecutable = "/usr/bin/prometheus-postgres-exporter";

    public ProcessTracker? Tracker { get; init; }
}

/// <summary>
/// prometheus-postgres-exporter on 127.0.0.1:port, connected to a <see cref="PostgresServer"/> (database postgres,
/// TCP, no TLS). pg_stat_database already covers every database of the cluster, so no auto-discovery (which would
/// connect to each database and repeat the cluster-wide series per database).
/// </summary>
public sealed class PostgresExporter : IAsyncDisposable
{
    private readonly PostgresExporterOptions _options;
    private ManagedProcess? _process;

    public PostgresExporter(PostgresExporterOptions options)
    {
        _options = options;
        Directory = Path.GetFullPath(options.Directory);
        Port = PortAllocator.Allocate(options.Port);
        LogPath = Path.Combine(Directory, "postgres-exporter.log");
    }

    public string Directory { get; }
    public int Port { get; }
    public string LogPath { get; }
    public string Executable => _options.Executable;
    public Uri MetricsUrl => new($"http://127.0.0.1:{Port}/metrics");

    /// <summary>False on installs that predate the exporter in scripts/install.sh.</summary>
    public bool IsInstalled => File.Exists(_options.Executable);

    public int? ProcessId => _process?.Pid;
    public bool IsRunning => _process is { HasExited: false };
    public Task<int>? Exited => _process?.Exited;

    /// <summary>libpq URL the exporter reads from DATA_SOURCE_NAME.</summary>
    public static string DataSourceName(int port, string user, string password, string database = "postgres") =>
        $"postgresql://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{port}/{Uri.EscapeDataString(database)}?sslmode=disable";

    public async Task StartAsync(PostgresServer server, CancellationToken ct = default)
    {
        if (IsRunning)
        {
            return;
        }
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"prometheus-postgres-exporter is not installed at {_options.Executable}: run scripts/install.sh");
        }
        System.IO.Directory.CreateDirectory(Directory);
        _process?.Dispose();
        var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = "postgres-exporter",
            FileName = _options.Executable,
            Args = [$"--web.listen-address=127.0.0.1:{Port}"],
            Environment = new Dictionary<string, string?>
            {
                ["DATA_SOURCE_NAME"] = DataSourceName(server.Port, PostgresServer.User, server.Password),
            },
            WorkingDirectory = Directory,
            LogPath = LogPath,
        }, _options.Tracker);
        _process = process;
        if (!await HttpProbe.WaitUntilOkAsync(MetricsUrl, TimeSpan.FromSeconds(30), () => !process.HasExited, ct: ct).ConfigureAwait(false))
        {
            await StopAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"postgres exporter did not answer on {MetricsUrl}:{Environment.NewLine}{process.Tail()}");
        }
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
