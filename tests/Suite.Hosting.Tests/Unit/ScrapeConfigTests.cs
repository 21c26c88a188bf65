using System.Diagnostics;
using Suite.Hosting.Infrastructure;
using Xunit;

namespace Suite.Hosting.Tests.Unit;

public sealed class ScrapeConfigTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Config_has_a_job_per_target_plus_prometheus_itself()
    {
        var yaml = PrometheusServer.GenerateConfig(9091,
            [new ScrapeTarget("ingestion", "127.0.0.1:5102"), new ScrapeTarget("rabbitmq", "127.0.0.1:15692")],
            ["/repo/deploy/prometheus/rules/suite.yml"],
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

        Assert.Contains("scrape_interval: 5s", yaml, StringComparison.Ordinal);
        Assert.Contains("evaluation_interval: 1s", yaml, StringComparison.Ordinal);
        Assert.Contains("  - '/repo/deploy/prometheus/rules/suite.yml'", yaml, StringComparison.Ordinal);
        Assert.Contains("job_name: 'prometheus'\n    metrics_path: '/metrics'\n    static_configs:\n      - targets:\n          - '127.0.0.1:9091'",
            yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("job_name: 'ingestion'\n    metrics_path: '/metrics'\n    static_configs:\n      - targets:\n          - '127.0.0.1:5102'",
            yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("job_name: 'rabbitmq'", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("rule_files", PrometheusServer.GenerateConfig(1, [], [], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_come_from_the_allocated_ports_of_projects_brokers_and_the_postgres_exporter()
    {
        var suite = SuiteTopology.Build(new SuiteHostOptions { StateDir = _state.Dir, Throwaway = true, Demo = true });
        suite.App.Prepare();

        var targets = PrometheusResource.TargetsOf(suite.Resources);

        var expected = suite.Resources.OfType<ProjectResource>().Where(p => p.HasEndpoints)
            .Select(p => new ScrapeTarget(p.Name, $"127.0.0.1:{p.HttpPort}"))
            .Append(new ScrapeTarget("rabbitmq", $"127.0.0.1:{suite.App.GetResource<RabbitMQServerResource>("rabbitmq").Node.PrometheusPort}"))
            .Append(new ScrapeTarget("postgres", $"127.0.0.1:{suite.App.GetResource<PostgresExporterResource>("postgres-exporter").Exporter.Port}"));
        Assert.True(File.Exists(PostgresExporterOptions.DefaultExecutable), "scripts/install.sh installs prometheus-postgres-exporter");
        Assert.Equal(expected.OrderBy(t => t.Job), targets.OrderBy(t => t.Job));
        Assert.DoesNotContain(targets, t => t.Job == "simulator");

        var yaml = PrometheusServer.GenerateConfig(9090, targets, [], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)).ReplaceLineEndings("\n");
        Assert.Contains($"job_name: 'postgres'\n    metrics_path: '/metrics'\n    static_configs:\n      - targets:\n          - '127.0.0.1:{suite.App.GetResource<PostgresExporterResource>("postgres-exporter").Exporter.Port}'",
            yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_postgres_exporter_is_not_scraped()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        builder.AddPostgres("postgres").AddPostgresExporter("postgres-exporter", executable: Path.Combine(_state.Dir, "missing"));
        var app = builder.Build();
        app.Prepare();

        Assert.Empty(PrometheusResource.TargetsOf(app.Resources));
    }

    [Fact]
    public async Task Generated_config_passes_promtool()
    {
        var rules = Path.Combine(_state.Dir, "rules.yml");
        await File.WriteAllTextAsync(rules, """
            groups:
              - name: test
                rules:
                  - alert: AlwaysFiring
                    expr: vector(1) > 0
            """);
        var config = Path.Combine(_state.Dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, PrometheusServer.GenerateConfig(9091,
            [new ScrapeTarget("ingestion", "127.0.0.1:5102"), new ScrapeTarget("metrics", "127.0.0.1:5112"), new ScrapeTarget("postgres", "127.0.0.1:9187")],
            [rules], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));

        var psi = new ProcessStartInfo("promtool", ["check", "config", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(psi)!;
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();

        Assert.True(promtool.ExitCode == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);
    }
}
