using Npgsql;
using Suite.Contracts.Metrics.V1;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>
/// The gauges and counters SRE dashboards and the suite's own alerts read: accounts per health band, ETL runs by status
/// and the time of the last successful one, on /metrics of a service with its own database.
/// </summary>
[Collection(InfraCollection.Name)]
public class OperationalGaugesTests(InfraFixture infra)
{
    [Fact]
    public async Task Health_bands_and_etl_runs_show_on_the_scrape()
    {
        var host = new MetricsHost(infra) { Settings = new Dictionary<string, string?> { ["Telemetry:GaugeRefresh"] = "00:00:01" } };
        await host.InitializeAsync();
        try
        {
            using var http = host.Factory.CreateClient();
            var before = await http.GetStringAsync("/metrics");
            Assert.Equal(0, PrometheusScrape.Value(before, "suite_metrics_etl_runs_total", "status=\"succeeded\""));
            Assert.Equal(0, PrometheusScrape.Value(before, "suite_metrics_etl_runs_total", "status=\"failed\""));
            Assert.Null(PrometheusScrape.Value(before, "suite_metrics_etl_last_success_timestamp_seconds"));

            // Two tenants, scored on different days: each tenant's latest day counts. "busy" logs in daily with orders.
            var (a, b) = (MetricsHost.NewTenant(), MetricsHost.NewTenant());
            var day = new DateOnly(2025, 6, 10);
            await using var db = NpgsqlDataSource.Create(host.DatabaseConnectionString);
            for (var d = 0; d < 30; d++)
            {
                await AccountDailyRows.InsertAsync(db, a, "busy", day.AddDays(-d), logins: 3, orders: 1);
                await AccountDailyRows.InsertAsync(db, a, "idle", day.AddDays(-d), logins: d == 29 ? 1 : 0, orders: 0);
                await AccountDailyRows.InsertAsync(db, b, "steady", day.AddDays(-d), logins: 1, orders: 0);
            }
            var started = DateTimeOffset.UtcNow;
            await host.Client.RunEtlAsync(new RunEtlRequest { FromDate = "2025-06-09", ToDate = "2025-06-10" }, host.AuthFor(a));
            await host.Client.RunEtlAsync(new RunEtlRequest { FromDate = "2025-06-10", ToDate = "2025-06-10" }, host.AuthFor(b));

            var expected = await BandsAsync(db);
            Assert.Equal(3, expected.Values.Sum());   // the latest day's three accounts, not day 9's
            Assert.True(expected.Count >= 2, $"the accounts should fall in different bands: {string.Join(", ", expected)}");
            var scrape = await Eventually.Get(async () => await http.GetStringAsync("/metrics"),
                t => PrometheusScrape.Value(t, "suite_metrics_etl_last_success_timestamp_seconds") is not null, TimeSpan.FromSeconds(30),
                "the refreshed gauges");
            scrape = await Eventually.Get(async () => await http.GetStringAsync("/metrics"),
                t => Enum.GetNames<Band>().All(band => PrometheusScrape.Value(t, "suite_metrics_accounts_by_health", $"band=\"{band}\"") == expected.GetValueOrDefault(band)),
                TimeSpan.FromSeconds(30), "the bands of the latest scored days");
            Assert.Equal(3, PrometheusScrape.Value(scrape, "suite_metrics_etl_runs_total", "status=\"succeeded\""));
            Assert.Equal(0, PrometheusScrape.Value(scrape, "suite_metrics_etl_runs_total", "status=\"failed\""));
            var last = DateTimeOffset.FromUnixTimeMilliseconds((long)(PrometheusScrape.Value(scrape, "suite_metrics_etl_last_success_timestamp_seconds")!.Value * 1000));
            Assert.InRange(last, started.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private enum Band { healthy, at_risk, critical }

    /// <summary>Independent of the service's query: each tenant's accounts on its own latest day, by band.</summary>
    private static async Task<Dictionary<string, long>> BandsAsync(NpgsqlDataSource db)
    {
        var bands = new Dictionary<string, long>();
        await using var cmd = db.CreateCommand("select tenant, day, band from account_health");
        var rows = new List<(string Tenant, DateOnly Day, string Band)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2)));
            }
        }
        foreach (var tenant in rows.GroupBy(r => r.Tenant))
        {
            var latest = tenant.Max(r => r.Day);
            foreach (var row in tenant.Where(r => r.Day == latest))
            {
                bands[row.Band] = bands.GetValueOrDefault(row.Band) + 1;
            }
        }
        return bands;
    }
}
