using Npgsql;
using Suite.Contracts.Events;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.Simulator;

namespace Suite.MetricsBench;

/// <summary>
/// Simulator events for a tenant over a time span, written into the metrics rollups with the consumer's own code
/// (RollupStore.AddEventsAsync), in chunks — what the consumer would have built from the same events, without
/// pushing 10 M events through ingestion first. The minute table only gets the last 7 days, as its retention keeps.
/// </summary>
public static class RollupFiller
{
    public static IEnumerable<IngestedEvent> Events(string tenant, int count, DateTimeOffset from, DateTimeOffset to, int seed)
    {
        var generator = new EventGenerator(tenant, seed, users: 5000, accounts: 400);
        var step = (to - from).Ticks / count;
        for (var i = 0; i < count; i++)
        {
            var at = from.AddTicks(step * i);
            var e = generator.Next(at, from);
            yield return new IngestedEvent(Guid.NewGuid(), e.Domain, e.Type, at, Empty(e.UserId), Empty(e.AccountId), Empty(e.Status),
                Empty(e.CountryCode), Empty(e.Provider), Empty(e.ServiceCode), e.HasAmountMinor ? e.AmountMinor : null, Empty(e.Currency),
                e.HasDurationMs ? e.DurationMs : null);
        }

        static string? Empty(string s) => s.Length == 0 ? null : s;
    }

    public static async Task FillAsync(NpgsqlDataSource db, string tenant, IEnumerable<IngestedEvent> events, DateTimeOffset minuteFrom, CancellationToken ct)
    {
        foreach (var chunk in events.Chunk(200_000))
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            foreach (var table in RollupTable.All)
            {
                var selected = table == KpiGranularity.Minute ? chunk.Where(e => e.OccurredAt >= minuteFrom).ToList() : (IReadOnlyList<IngestedEvent>)chunk;
                await RollupStore.AddEventsAsync(conn, tx, tenant, table, selected, ct);
            }
            await RollupStore.AddActiveUsersAsync(conn, tx, tenant, Rollup.ActiveUsers(chunk), ct);
            await tx.CommitAsync(ct);
        }
    }
}
