using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>subscription_events: written by the consumer in its transaction, read for revenue metrics.</summary>
public static class SubscriptionEventStore
{
    /// <summary>Stores the events; an event id already stored is left alone.</summary>
    public static async Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<SubscriptionEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            """
            insert into subscription_events (tenant, event_id, account_id, occurred_at, type, amount_minor, currency)
            select @tenant, e.* from unnest(@ids, @accounts, @times, @types, @amounts, @currencies)
                as e(event_id, account_id, occurred_at, type, amount_minor, currency)
            order by e.event_id
            on conflict do nothing
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("ids", events.Select(e => e.EventId).ToArray());
        cmd.Parameters.AddWithValue("accounts", events.Select(e => e.AccountId).ToArray());
        cmd.Parameters.AddWithValue("times", events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray());
        cmd.Parameters.AddWithValue("types", events.Select(e => e.Type).ToArray());
        cmd.Parameters.AddWithValue("amounts", events.Select(e => e.AmountMinor).ToArray());
        cmd.Parameters.AddWithValue("currencies", events.Select(e => e.Currency).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tenant's events before <paramref name="before"/> (the whole history a month's metrics need).</summary>
    public static async Task<IReadOnlyList<SubscriptionEvent>> ReadBeforeAsync(NpgsqlDataSource dataSource, string tenant, DateTimeOffset before, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            select event_id, account_id, occurred_at, type, amount_minor, currency
            from subscription_events where tenant = @tenant and occurred_at < @before
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("before", before.ToUniversalTime());
        var events = new List<SubscriptionEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new SubscriptionEvent(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3), reader.GetInt64(4), reader.GetString(5)));
        }
        return events;
    }
}
