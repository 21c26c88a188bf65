using Npgsql;
using Suite.Contracts.Metrics.V1;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>The nightly ETL stores each day's health scores and announces band changes once (outbox).</summary>
[Collection(InfraCollection.Name)]
public class AccountHealthEventsTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    [Fact]
    public async Task A_drop_below_40_is_announced_once_and_a_rerun_does_not_repeat_it()
    {
        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];
        var day1 = new DateOnly(2025, 6, 10);
        // Both accounts logged in on 8 days up to day 1 (engagement 16) with no orders: 46, at risk.
        // On day 2 "falling" opens 3 tickets (support 0 → 16, critical); "steady" stays at 46.
        await using var db = NpgsqlDataSource.Create(host.DatabaseConnectionString);
        for (var d = 0; d < 8; d++)
        {
            await AccountDailyRows.InsertAsync(db, tenant, "falling", day1.AddDays(-d), logins: 1, tickets: 0);
            await AccountDailyRows.InsertAsync(db, tenant, "steady", day1.AddDays(-d), logins: 1, tickets: 0);
        }
        await AccountDailyRows.InsertAsync(db, tenant, "falling", day1.AddDays(1), logins: 0, tickets: 3);

        var auth = host.AuthFor(tenant);
        await host.Client.RunEtlAsync(new RunEtlRequest { FromDate = "2025-06-10", ToDate = "2025-06-11" }, auth);
        await host.Client.RunEtlAsync(new RunEtlRequest { FromDate = "2025-06-11", ToDate = "2025-06-11" }, auth);

        await using var cmd = db.CreateCommand(
            "select payload->>'accountId', payload->>'previousBand', payload->>'band', (payload->>'score')::float8, payload->>'day' " +
            "from outbox_messages where message_type like '%AccountHealthChanged' and payload->>'tenant' = @t");
        cmd.Parameters.AddWithValue("t", tenant);
        var rows = new List<(string, string, string, double, string)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4)));
            }
        }
        Assert.Equal([("falling", "at_risk", "critical", 16.0, "2025-06-11")], rows);

        await using var stored = db.CreateCommand("select count(*) from account_health where tenant = @t and day = '2025-06-11'");
        stored.Parameters.AddWithValue("t", tenant);
        Assert.Equal(2L, await stored.ExecuteScalarAsync());
    }
}
