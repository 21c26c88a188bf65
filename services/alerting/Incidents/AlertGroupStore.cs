using Npgsql;
using Suite.Alerting.Domain.Routing;

namespace Suite.Alerting.Incidents;

/// <summary>The alert_groups table: each group's last and planned flush. Runs inside the caller's transaction.</summary>
public static class AlertGroupStore
{
    /// <summary>
    /// When a notification of <paramref name="incidentId"/>'s group decided at <paramref name="now"/> goes out
    /// (<see cref="GroupTimer.FlushAt"/>), recorded as the group's planned flush. The group row stays locked until
    /// the caller commits, so two replicas planning the same group agree on one flush.
    /// </summary>
    public static async Task<DateTimeOffset> PlanFlushAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, Guid incidentId, IncidentGrouping grouping, DateTimeOffset now, CancellationToken ct)
    {
        await using (var insert = new NpgsqlCommand(
            "insert into alert_groups (tenant, group_key) values (@tenant, @key) on conflict do nothing", conn, tx))
        {
            insert.Parameters.AddWithValue("tenant", tenant);
            insert.Parameters.AddWithValue("key", grouping.Key);
            await insert.ExecuteNonQueryAsync(ct);
        }

        GroupSchedule schedule;
        bool active;
        await using (var select = new NpgsqlCommand(
            """
            select g.last_flush_at, g.planned_flush_at,
                   exists (select 1 from incidents i
                           where i.tenant = g.tenant and i.group_key = g.group_key and i.state <> 'resolved' and i.id <> @incident)
            from alert_groups g where g.tenant = @tenant and g.group_key = @key
            for update of g
            """, conn, tx))
        {
            select.Parameters.AddWithValue("tenant", tenant);
            select.Parameters.AddWithValue("key", grouping.Key);
            select.Parameters.AddWithValue("incident", incidentId);
            await using var r = await select.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            schedule = new GroupSchedule(
                r.IsDBNull(0) ? null : r.GetFieldValue<DateTimeOffset>(0),
                r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1));
            active = r.GetBoolean(2);
        }

        var flush = GroupTimer.FlushAt(schedule, active, grouping.Wait, grouping.Interval, now);
        await using (var update = new NpgsqlCommand(
            "update alert_groups set planned_flush_at = @flush where tenant = @tenant and group_key = @key", conn, tx))
        {
            update.Parameters.AddWithValue("tenant", tenant);
            update.Parameters.AddWithValue("key", grouping.Key);
            update.Parameters.AddWithValue("flush", flush);
            await update.ExecuteNonQueryAsync(ct);
        }
        return flush;
    }

    /// <summary>The groups went out at <paramref name="at"/>: their next notifications wait group_interval from here.</summary>
    public static async Task FlushedAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<(string Tenant, string Key)> groups, DateTimeOffset at, CancellationToken ct)
    {
        if (groups.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            """
            update alert_groups g set last_flush_at = @at, planned_flush_at = null
            from unnest(@tenants, @keys) as f(tenant, group_key)
            where g.tenant = f.tenant and g.group_key = f.group_key
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenants", groups.Select(g => g.Tenant).ToArray());
        cmd.Parameters.AddWithValue("keys", groups.Select(g => g.Key).ToArray());
        cmd.Parameters.AddWithValue("at", at);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
