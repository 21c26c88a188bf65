using Npgsql;
using Suite.Contracts.Events;
using Suite.Reporting.Domain.Reports;
using Suite.ServiceDefaults.Data;

namespace Suite.Reporting.Data;

/// <summary>
/// The alert_history table: alerting's alerts, one row per (tenant, alert id). Both writes are upserts on that key, so
/// a redelivered event (or both orders of AlertFired and AlertResolved) ends in the same row, and an event only ever
/// touches its own tenant's rows.
/// </summary>
public sealed class AlertHistoryStore(NpgsqlDataSource db)
{
    public async Task RecordFiredAsync(AlertFired e, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(e.Tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            insert into alert_history (alert_id, tenant, rule_id, rule_name, severity, kpi, value, threshold, started_at, updated_at)
            values (@id, @tenant, @rule, @name, @severity, @kpi, @value, @threshold, @started, @now)
            on conflict (tenant, alert_id) do update
               set rule_id = excluded.rule_id, rule_name = excluded.rule_name, severity = excluded.severity, kpi = excluded.kpi,
                   value = excluded.value, threshold = excluded.threshold, started_at = excluded.started_at, updated_at = excluded.updated_at
            """, conn);
        cmd.Parameters.AddWithValue("id", e.AlertId);
        cmd.Parameters.AddWithValue("tenant", e.Tenant);
        cmd.Parameters.AddWithValue("rule", e.RuleId);
        cmd.Parameters.AddWithValue("name", e.RuleName);
        cmd.Parameters.AddWithValue("severity", e.Severity.Trim().ToLowerInvariant());
        cmd.Parameters.AddWithValue("kpi", e.Kpi);
        cmd.Parameters.AddWithValue("value", e.Value);
        cmd.Parameters.AddWithValue("threshold", e.Threshold);
        cmd.Parameters.AddWithValue("started", e.StartedAt);
        cmd.Parameters.AddWithValue("now", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Before its AlertFired the row holds only what AlertResolved says; the first resolve time is kept.</summary>
    public async Task RecordResolvedAsync(AlertResolved e, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(e.Tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            insert into alert_history (alert_id, tenant, rule_id, rule_name, resolved_at, updated_at)
            values (@id, @tenant, @rule, @name, @resolved, @now)
            on conflict (tenant, alert_id) do update
               set resolved_at = coalesce(alert_history.resolved_at, excluded.resolved_at), updated_at = excluded.updated_at
            """, conn);
        cmd.Parameters.AddWithValue("id", e.AlertId);
        cmd.Parameters.AddWithValue("tenant", e.Tenant);
        cmd.Parameters.AddWithValue("rule", e.RuleId);
        cmd.Parameters.AddWithValue("name", e.RuleName);
        cmd.Parameters.AddWithValue("resolved", e.ResolvedAt);
        cmd.Parameters.AddWithValue("now", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The tenant's alerts that fired, resolved or were open at some time in [from, to) (see
    /// <see cref="AlertRecord.Touches"/>): started before the end and not resolved before the start, or — without a
    /// fired record — resolved in the period.
    /// </summary>
    public async Task<IReadOnlyList<AlertRecord>> ListTouchingAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            select alert_id, rule_id, rule_name, severity, kpi, value, threshold, started_at, resolved_at
            from alert_history
            where tenant = @tenant
              and coalesce(started_at, resolved_at) < @to
              and (resolved_at is null or resolved_at >= @from)
            order by coalesce(started_at, resolved_at), alert_id
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        var rows = new List<AlertRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
            rows.Add(new AlertRecord(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6), At(7), At(8)));
        }
        return rows;
    }
}
