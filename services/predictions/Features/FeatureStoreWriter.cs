using Npgsql;

namespace Suite.Predictions.Features;

/// <summary>Appends a batch's facts to the fs_ tables inside the caller's transaction (one statement per table).</summary>
public static class FeatureStoreWriter
{
    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, FeatureFacts facts, CancellationToken ct)
    {
        if (facts.Accounts.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_accounts (tenant, account_id, first_seen)
                select @t, a, f from unnest(@a, @f) as x(a, f)
                on conflict (tenant, account_id) do update set first_seen = least(fs_accounts.first_seen, excluded.first_seen)
                """, tenant, ct,
                ("a", facts.Accounts.Select(a => a.AccountId).ToArray()), ("f", facts.Accounts.Select(a => Utc(a.At)).ToArray()));
        }
        if (facts.Logins.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_logins (tenant, event_id, user_id, account_id, occurred_at, success, ip_hash, device_hash, country, session_id)
                select @t, e, u, a, o, s, i, d, c, ss from unnest(@e, @u, @a, @o, @s, @i, @d, @c, @ss) as x(e, u, a, o, s, i, d, c, ss)
                on conflict do nothing
                """, tenant, ct,
                ("e", facts.Logins.Select(l => l.EventId).ToArray()), ("u", facts.Logins.Select(l => l.UserId).ToArray()),
                ("a", facts.Logins.Select(l => l.AccountId).ToArray()), ("o", facts.Logins.Select(l => Utc(l.OccurredAt)).ToArray()),
                ("s", facts.Logins.Select(l => l.Success).ToArray()), ("i", facts.Logins.Select(l => l.IpHash).ToArray()),
                ("d", facts.Logins.Select(l => l.DeviceHash).ToArray()), ("c", facts.Logins.Select(l => l.Country).ToArray()),
                ("ss", facts.Logins.Select(l => l.SessionId).ToArray()));
        }
        if (facts.Sessions.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_sessions (tenant, session_id, account_id, started_at)
                select @t, s, a, o from unnest(@s, @a, @o) as x(s, a, o)
                on conflict (tenant, session_id) do update set started_at = least(fs_sessions.started_at, excluded.started_at)
                """, tenant, ct,
                ("s", facts.Sessions.Select(s => s.SessionId).ToArray()), ("a", facts.Sessions.Select(s => s.AccountId).ToArray()),
                ("o", facts.Sessions.Select(s => Utc(s.StartedAt)).ToArray()));
        }
        if (facts.Notifications.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_notification_days (tenant, account_id, day, sent, clicked)
                select @t, a, d, s, c from unnest(@a, @d, @s, @c) as x(a, d, s, c)
                on conflict (tenant, account_id, day) do update
                set sent = fs_notification_days.sent + excluded.sent, clicked = fs_notification_days.clicked + excluded.clicked
                """, tenant, ct,
                ("a", facts.Notifications.Select(n => n.AccountId).ToArray()), ("d", facts.Notifications.Select(n => n.Day).ToArray()),
                ("s", facts.Notifications.Select(n => n.Sent).ToArray()), ("c", facts.Notifications.Select(n => n.Clicked).ToArray()));
        }
        if (facts.Tickets.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_tickets (tenant, ticket_id, account_id, opened_at, resolved_at)
                select @t, k, a, o, r from unnest(@k, @a, @o, @r) as x(k, a, o, r)
                on conflict (tenant, ticket_id) do update set
                    account_id = coalesce(fs_tickets.account_id, excluded.account_id),
                    opened_at = coalesce(least(fs_tickets.opened_at, excluded.opened_at), fs_tickets.opened_at, excluded.opened_at),
                    resolved_at = coalesce(greatest(fs_tickets.resolved_at, excluded.resolved_at), fs_tickets.resolved_at, excluded.resolved_at)
                """, tenant, ct,
                ("k", facts.Tickets.Select(k => k.TicketId).ToArray()), ("a", facts.Tickets.Select(k => k.AccountId).ToArray()),
                ("o", facts.Tickets.Select(k => k.OpenedAt is { } o ? Utc(o) : (DateTimeOffset?)null).ToArray()),
                ("r", facts.Tickets.Select(k => k.ResolvedAt is { } r ? Utc(r) : (DateTimeOffset?)null).ToArray()));
        }
        if (facts.FeatureUses.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_feature_uses (tenant, account_id, feature, first_used)
                select @t, a, f, o from unnest(@a, @f, @o) as x(a, f, o)
                on conflict (tenant, account_id, feature) do update set first_used = least(fs_feature_uses.first_used, excluded.first_used)
                """, tenant, ct,
                ("a", facts.FeatureUses.Select(f => f.AccountId).ToArray()), ("f", facts.FeatureUses.Select(f => f.Feature).ToArray()),
                ("o", facts.FeatureUses.Select(f => Utc(f.FirstUsed)).ToArray()));
        }
        if (facts.Cancellations.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_cancellations (tenant, account_id, cancelled_at)
                select @t, a, o from unnest(@a, @o) as x(a, o) on conflict do nothing
                """, tenant, ct,
                ("a", facts.Cancellations.Select(c => c.AccountId).ToArray()), ("o", facts.Cancellations.Select(c => Utc(c.At)).ToArray()));
        }
        if (facts.Quotes.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_quotes (tenant, quote_id, account_id, requested_at, value, line_items, portal)
                select @t, q, a, o, v, l, p from unnest(@q, @a, @o, @v, @l, @p) as x(q, a, o, v, l, p)
                on conflict (tenant, quote_id) do update set
                    account_id = excluded.account_id, requested_at = excluded.requested_at, value = excluded.value,
                    line_items = excluded.line_items, portal = excluded.portal
                """, tenant, ct,
                ("q", facts.Quotes.Select(q => q.QuoteId).ToArray()), ("a", facts.Quotes.Select(q => q.AccountId).ToArray()),
                ("o", facts.Quotes.Select(q => Utc(q.RequestedAt)).ToArray()), ("v", facts.Quotes.Select(q => q.Value).ToArray()),
                ("l", facts.Quotes.Select(q => q.LineItems).ToArray()), ("p", facts.Quotes.Select(q => q.Portal).ToArray()));
        }
        if (facts.Orders.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_orders (tenant, event_id, account_id, quote_id, ordered_at)
                select @t, e, a, q, o from unnest(@e, @a, @q, @o) as x(e, a, q, o) on conflict do nothing
                """, tenant, ct,
                ("e", facts.Orders.Select(o => o.EventId).ToArray()), ("a", facts.Orders.Select(o => o.AccountId).ToArray()),
                ("q", facts.Orders.Select(o => o.QuoteId).ToArray()), ("o", facts.Orders.Select(o => Utc(o.OrderedAt)).ToArray()));
        }
        if (facts.Exports.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_exports (tenant, event_id, user_id, occurred_at, rows)
                select @t, e, u, o, r from unnest(@e, @u, @o, @r) as x(e, u, o, r) on conflict do nothing
                """, tenant, ct,
                ("e", facts.Exports.Select(x => x.EventId).ToArray()), ("u", facts.Exports.Select(x => x.UserId).ToArray()),
                ("o", facts.Exports.Select(x => Utc(x.OccurredAt)).ToArray()), ("r", facts.Exports.Select(x => x.Rows).ToArray()));
        }
        if (facts.Compromises.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                insert into fs_compromises (tenant, user_id, confirmed_at)
                select @t, u, o from unnest(@u, @o) as x(u, o) on conflict do nothing
                """, tenant, ct,
                ("u", facts.Compromises.Select(c => c.UserId).ToArray()), ("o", facts.Compromises.Select(c => Utc(c.At)).ToArray()));
        }
    }

    // Npgsql writes timestamptz only from UTC offsets.
    private static DateTimeOffset Utc(DateTimeOffset at) => at.ToUniversalTime();

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, string tenant, CancellationToken ct, params (string Name, object Value)[] arrays)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue("t", tenant);
        foreach (var (name, value) in arrays)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
