using Suite.Hosting;
using Suite.Hosting.Infrastructure;
using Suite.Hosting.Processes;

namespace Suite.Bench;

/// <summary>
/// A benchmark's own PostgreSQL and RabbitMQ under /tmp/&lt;name&gt;-&lt;id&gt;, started with the same Suite.Hosting code as the
/// AppHost; disposing stops both and deletes the folder (unless kept for a look at the logs and databases).
/// </summary>
public sealed class BenchInfra : IAsyncDisposable
{
    private readonly bool _keep;

    private BenchInfra(string stateDir, string nodeName, bool keep)
    {
        _keep = keep;
        StateDir = stateDir;
        Tracker = new ProcessTracker(stateDir, deleteStateDirOnOrphan: !keep);
        Postgres = new PostgresServer(new PostgresServerOptions { Directory = Path.Combine(stateDir, "postgres"), Tracker = Tracker });
        RabbitMq = new RabbitMqNode(new RabbitMqNodeOptions { Directory = Path.Combine(stateDir, "rabbitmq"), NodeName = nodeName, Tracker = Tracker });
    }

    public string StateDir { get; }
    public ProcessTracker Tracker { get; }
    public PostgresServer Postgres { get; }
    public RabbitMqNode RabbitMq { get; }

    /// <param name="name">Folder prefix and RabbitMQ node name, e.g. "suite-bench".</param>
    public static async Task<BenchInfra> StartAsync(string name, bool keep, CancellationToken ct)
    {
        await InstallMissingAsync(ct);
        var infra = new BenchInfra(Path.Combine("/tmp", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 12)]), $"{name}@localhost", keep);
        Log($"state folder {infra.StateDir}; starting PostgreSQL and RabbitMQ");
        await Task.WhenAll(infra.Postgres.StartAsync(ct), infra.RabbitMq.StartAsync(ct));
        return infra;
    }

    /// <summary>
    /// Installs what the suite needs and is missing (scripts/install.sh, as ./suite does; under a second when nothing is).
    /// A failure ends the benchmark with the script's own words (e.g. that it needs root), not a stack trace.
    /// </summary>
    public static async Task InstallMissingAsync(CancellationToken ct)
    {
        var result = await CommandRunner.RunAsync(Path.Combine(RepoRootLocator.Find(), "scripts", "install.sh"), [], timeout: TimeSpan.FromMinutes(15), ct: ct);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"scripts/install.sh failed (exit code {result.ExitCode}); the benchmark needs what it installs:{Environment.NewLine}{result.Output.Trim()}");
            Environment.Exit(3);
        }
        if (!string.IsNullOrWhiteSpace(result.Output))
        {
            Log(result.Output.Trim());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RabbitMq.StopAsync(graceful: false, keepEpmd: false);
        await Postgres.StopAsync();
        Tracker.Dispose();
        if (_keep)
        {
            Log($"kept {StateDir}");
            return;
        }
        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a file still held by a stopping process: /tmp is cleaned anyway
        }
    }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
