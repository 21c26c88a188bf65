using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>user_first_seen and user_events: written by the consumer in its transaction, read for cohorts and funnels.</summary>
public static class UserActivityStore
{
    /// <summary>Keeps the earliest time per user (least), so replays and out-of-order batches are harmless.</summary>
    public static async Task AddFirstSeenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<(string UserId, DateTimeOffset FirstSeen)> users, CancellationToken ct)
    {
        if (users.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            """
            insert into user_first_seen (tenant, user_id, first_seen_at)
            select @tenant, u.user_id, u.first_seen_at from unnest(@users, @times) as u(user_id, first_seen_at)
            -- known users are skipped before the upsert, which would lock their rows even without changing them (one index
            -- probe per user: see AccountActivityStore.AddUsersAsync)
            where coalesce((select k.first_seen_at from user_first_seen k where k.tenant = @tenant and k.user_id = u.user_id), 'infinity') > u.first_seen_at
            order by u.user_id
            on conflict (tenant, user_id) do update set first_seen_at = excluded.first_seen_at
                where excluded.first_seen_at < user_first_seen.first_seen_at
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("users", users.Select(u => u.UserId).ToArray());
        cmd.Parameters.AddWithValue("times", users.Select(u => u.FirstSeen.ToUniversalTime()).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Stores the events; an event id already stored is left alone.</summary>
    public static async Task AddEventsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<UserEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            """
            insert into user_events (tenant, event_id, user_id, domain, type, occurred_at)
            select @tenant, e.* from unnest(@ids, @users, @domains, @types, @times) as e(event_id, user_id, domain, type, occurred_at)
            order by e.event_id
            on conflict do nothing
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("ids", events.Select(e => e.EventId).ToArray());
        cmd.Parameters.AddWithValue("users", events.Select(e => e.UserId).ToArray());
        cmd.Parameters.AddWithValue("domains", events.Select(e => e.Domain).ToArray());
        cmd.Parameters.AddWithValue("types", events.Select(e => e.Type).ToArray());
        cmd.Parameters.AddWithValue("times", events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Users who signed up in [from, to) with their active days (daily_users) from the signup day on.</summary>
    public static async Task<IReadOnlyList<CohortMember>> ReadCohortMembersAsync(NpgsqlDataSource dataSource, string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            select f.user_id, f.first_seen_at, d.day
            from user_first_seen f
            left join daily_users d on d.tenant = f.tenant and d.user_id = f.user_id
                                   and d.day >= (f.first_seen_at at time zone 'UTC')::date
            where f.tenant = @tenant and f.first_seen_at >= @from and f.first_seen_at < @to
            order by f.user_id
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("from", from.ToUniversalTime());
        cmd.Parameters.AddWithValue("to", to.ToUniversalTime());
        var members = new List<CohortMember>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        string? current = null;
        HashSet<DateOnly> days = [];
        while (await reader.ReadAsync(ct))
        {
            var user = reader.GetString(0);
            if (user != current)
            {
                days = [];
                current = user;
                members.Add(new CohortMember(user, DateOnly.FromDateTime(reader.GetFieldValue<DateTimeOffset>(1).UtcDateTime), days));
            }
            if (!reader.IsDBNull(2))
            {
                days.Add(reader.GetFieldValue<DateOnly>(2));
            }
        }
        return members;
    }

    /// <summary>Events of the funnel's steps that can matter: from `from` to `to` + window, by users with step 1 in range.</summary>
    public static async Task<IReadOnlyList<UserEvent>> ReadFunnelEventsAsync(NpgsqlDataSource dataSource, string tenant, FunnelQuery query, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            with steps as (select * from unnest(@domains, @types) as s(domain, type)),
                 entrants as (
                     select distinct user_id from user_events
                     where tenant = @tenant and domain = @first_domain and type = @first_type
                       and occurred_at >= @from and occurred_at < @to)
            select e.event_id, e.user_id, e.domain, e.type, e.occurred_at
            from user_events e
            join entrants u on u.user_id = e.user_id
            where e.tenant = @tenant and e.occurred_at >= @from and e.occurred_at <= @until
              and (e.domain, e.type) in (select domain, type from steps)
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("domains", query.Steps.Select(s => s.Domain).ToArray());
        cmd.Parameters.AddWithValue("types", query.Steps.Select(s => s.Type).ToArray());
        cmd.Parameters.AddWithValue("first_domain", query.Steps[0].Domain);
        cmd.Parameters.AddWithValue("first_type", query.Steps[0].Type);
        cmd.Parameters.AddWithValue("from", query.From.ToUniversalTime());
        cmd.Parameters.AddWithValue("to", query.To.ToUniversalTime());
        cmd.Parameters.AddWithValue("until", (query.To + query.Window).ToUniversalTime());
        var events = new List<UserEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new UserEvent(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return events;
    }

    /// <summary>Deletes user_events before the cutoff; returns how many rows went.</summary>
    public static async Task<int> DeleteEventsBeforeAsync(NpgsqlDataSource dataSource, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("delete from user_events where occurred_at < @cutoff");
        cmd.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
