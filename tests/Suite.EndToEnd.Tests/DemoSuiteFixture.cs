using System.Reflection;
using Suite.Hosting;
using Xunit;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// The whole suite as <c>./suite run --demo</c> starts it — <see cref="SuiteTopology"/> with the data simulator and the
/// demo's business KPI export — on throwaway infrastructure, Prometheus scraping every second and loading
/// deploy/prometheus/rules. Alerting evaluates every second and the KPI gauge refreshes every 5 s, so the demo's
/// first login-failure incident (a minute after the simulator starts) fires and notifies within a few minutes.
/// Started once per test class that uses it, after the shared suite of <see cref="SuiteFixture"/> (tests of this
/// assembly run one at a time).
/// </summary>
public sealed class DemoSuiteFixture : IAsyncLifetime
{
    public SuiteApplication Suite { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configuration = typeof(DemoSuiteFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        Suite = SuiteTopology.Build(new SuiteHostOptions
        {
            StateDir = Path.Combine(Path.GetTempPath(), "suite-e2e-demo-" + Guid.NewGuid().ToString("N")[..8]),
            Configuration = configuration,
            Throwaway = true,
            DeleteStateOnStop = Environment.GetEnvironmentVariable("SUITE_TEST_KEEP") != "1",
            Demo = true,
            ScrapeInterval = TimeSpan.FromSeconds(1),
            ExtraEnvironment =
            {
                ["alerting"] = new Dictionary<string, string?>
                {
                    ["Alerting__EvaluationInterval"] = "00:00:01",
                    ["Alerting__Notifier__PollInterval"] = "00:00:00.2",
                },
                ["metrics"] = new Dictionary<string, string?>
                {
                    ["Metrics__Export__Interval"] = "00:00:05",
                },
            },
        });
        await Suite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Suite is not null)
        {
            await Suite.DisposeAsync();
        }
    }
}
