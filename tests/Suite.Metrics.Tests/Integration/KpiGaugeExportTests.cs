using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Suite.Contracts.Events;
using Suite.Metrics.Jobs;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>Business KPIs chosen per tenant show up on /metrics as suite_business_kpi{tenant, kpi}; the settings are strict.</summary>
[Collection(InfraCollection.Name)]
public class KpiGaugeExportTests(InfraFixture infra)
{
    [Fact]
    public async Task Chosen_kpis_are_exported_as_gauges_for_their_tenant_only()
    {
        var (exported, other) = (MetricsHost.NewTenant(), MetricsHost.NewTenant());
        var host = new MetricsHost(infra)
        {
            Settings = new Dictionary<string, string?>
            {
                [$"Metrics:Export:Tenants:{exported}:0"] = "logins",
                [$"Metrics:Export:Tenants:{exported}:1"] = "login_success_rate",
                [$"Metrics:Export:Tenants:{exported}:2"] = "payment_success_rate",   // no payments: no value, no series
                ["Metrics:Export:Interval"] = "00:00:05",
            },
        };
        await host.InitializeAsync();
        try
        {
            var at = DateTimeOffset.UtcNow.AddMinutes(-2);
            IngestedEvent E(string type) => new(Guid.NewGuid(), "auth", type, at, "u1", null, null, null, null, null, null, null, null);
            foreach (var tenant in new[] { exported, other })
            {
                await host.IngestAsync(tenant, [E("LOGIN"), E("LOGIN"), E("LOGIN"), E("LOGIN_FAILED")]);
            }

            using var http = host.Factory.CreateClient();
            var text = await Eventually.Get(
                async () => await http.GetStringAsync("/metrics"),
                t => Gauge(t, exported, "logins") == 3, TimeSpan.FromSeconds(60), "the exported gauge to show 3 logins");
            Assert.Equal(0.75, Gauge(text, exported, "login_success_rate"));
            Assert.Null(Gauge(text, exported, "payment_success_rate"));
            Assert.DoesNotContain(other, text);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static double? Gauge(string text, string tenant, string kpi)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("suite_business_kpi{", StringComparison.Ordinal) && line.Contains($"kpi=\"{kpi}\"") && line.Contains($"tenant=\"{tenant}\""))
            {
                return double.Parse(Regex.Match(line, @"\}\s+(\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    [Theory]
    [InlineData("Metrics:Export:Tenants:t1:0", "nope", "not a built-in KPI")]
    [InlineData("Metrics:Export:Interval", "00:00:01", "Interval")]
    [InlineData("Metrics:Export:Colour", "red", "Colour")]
    public void Bad_settings_stop_start_up_with_the_reason(string key, string value, string reason)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Metrics:Export:Tenants:t1:0"] = "logins",
            [key] = value,
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => KpiExportSettings.From(configuration));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Too_many_kpis_for_a_tenant_are_refused()
    {
        var settings = Enumerable.Range(0, KpiExportSettings.MaxKpisPerTenant + 1)
            .ToDictionary(i => $"Metrics:Export:Tenants:t1:{i}", string? (_) => "logins");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Assert.Contains("1-30 KPI names", Assert.Throws<InvalidOperationException>(() => KpiExportSettings.From(configuration)).Message);
    }
}
