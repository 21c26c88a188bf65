using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Suite.Hosting.Infrastructure;
using Suite.Hosting.Processes;
using Suite.Hosting.Tests.Unit;
using Xunit;

namespace Suite.Hosting.Tests.Integration;

/// <summary>PostgreSQL + prometheus-postgres-exporter started through the hosting model (scripts/install.sh installs both).</summary>
public sealed partial class PostgresExporterTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Exporter_reports_the_cluster_and_every_database_and_a_missing_binary_is_skipped()
    {
        // PostgreSQL runs as user postgres when the tests run as root: the temp folder (0700) must be traversable.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_state.Dir, File.GetUnixFileMode(_state.Dir) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }
        var log = new ConcurrentQueue<string>();
        var options = _state.Options();
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            StateDir = options.StateDir,
            RepoRoot = options.RepoRoot,
            Throwaway = true,
            Log = log.Enqueue,
        });
        var postgres = builder.AddPostgres("postgres");
        var database = postgres.AddDatabase("exporterdb");
        var exporter = postgres.AddPostgresExporter("postgres-exporter").WaitFor(database);
        var missing = postgres.AddPostgresExporter("old-install", executable: Path.Combine(_state.Dir, "no-such-exporter"));
        await using var app = builder.Build();

        await app.StartAsync();

        Assert.Equal(ResourceState.Running, exporter.Resource.State);
        Assert.Contains(exporter.Resource.WaitsFor, r => r.Name == "postgres");
        var metrics = await Http.GetStringAsync(exporter.Resource.Exporter.MetricsUrl);
        Assert.Matches(PgUp(), metrics);
        Assert.Matches(NumBackends("exporterdb"), metrics);
        Assert.Matches(NumBackends("postgres"), metrics);

        // An install without the exporter: a warning, no scrape target, the rest runs on.
        Assert.Equal(ResourceState.Stopped, missing.Resource.State);
        Assert.Contains(log, l => l.Contains("old-install is skipped", StringComparison.Ordinal));
        Assert.Equal([new ScrapeTarget("postgres", $"127.0.0.1:{exporter.Resource.Exporter.Port}")], PrometheusResource.TargetsOf(app.Resources));

        var pid = Assert.IsType<int>(exporter.Resource.Exporter.ProcessId);
        Assert.Contains("prometheus-postgres-exporter", ProcessInfo.CommandLine(pid), StringComparison.Ordinal);
        await app.StopAsync();
        Assert.False(ProcessInfo.IsAlive(pid));
        Assert.Equal(ResourceState.Stopped, exporter.Resource.State);
    }

    [GeneratedRegex(@"(?m)^pg_up 1$")]
    private static partial Regex PgUp();

    private static Regex NumBackends(string database) =>
        new($@"(?m)^pg_stat_database_numbackends\{{[^}}]*datname=""{Regex.Escape(database)}""[^}}]*\}} \d+");
}
