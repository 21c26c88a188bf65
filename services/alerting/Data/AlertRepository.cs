using Npgsql;
using Suite.Alerting.Domain;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Data;

/// <summary>A rule's firing alert, as read under the rule's lock.</summary>
public sealed record FiringAlert(Guid Id, string Fingerprint, double Value, double LastValue, DateTimeOffset StartedAt);

/// <summary>An alert as listed to the tenant.</summary>
public sealed record AlertView(
    Guid Id,
    Guid RuleId,
    string RuleName,
    string State,
    double Value,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    AlertSeverity Severity);

/// <summary>The alerts table.</summary>
public sealed class AlertRepository(NpgsqlDataSource db, [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource allTenants)
{
    public const int ListLimit = 500;

    public static async Task<FiringAlert?> GetFiringAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ruleId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select id, fingerprint, value, last_value, started_at from alerts where rule_id = @rule and state = 'firing'", conn, tx);
        cmd.Parameters.AddWithValue("rule", ruleId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new FiringAlert(reader.GetGuid(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    public static async Task InsertFiringAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AlertTransition t, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            insert into alerts (id, tenant, rule_id, fingerprint, state, value, last_value, started_at, updated_at)
            values (@id, @tenant, @rule, @fingerprint, 'firing', @value, @value, @at, @at)
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", t.AlertId);
        cmd.Parameters.AddWithValue("tenant", t.Rule.Tenant);
        cmd.Parameters.AddWithValue("rule", t.Rule.Id);
        cmd.Parameters.AddWithValue("fingerprint", t.Fingerprint);
        cmd.Parameters.AddWithValue("value", t.Value);
        cmd.Parameters.AddWithValue("at", t.At);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task UpdateLastValueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid alertId, double value, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("update alerts set last_value = @value, updated_at = @at where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", alertId);
        cmd.Parameters.AddWithValue("value", value);
        cmd.Parameters.AddWithValue("at", at);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AlertTransition t, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "update alerts set state = 'resolved', last_value = @value, resolved_at = @at, updated_at = @at where id = @id and state = 'firing'",
            conn, tx);
        cmd.Parameters.AddWithValue("id", t.AlertId);
        cmd.Parameters.AddWithValue("value", t.Value);
        cmd.Parameters.AddWithValue("at", t.At);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tenant's alerts, newest first (firing ones and recent history).</summary>
    public async Task<IReadOnlyList<AlertView>> ListAsync(string tenant, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            select a.id, a.rule_id, r.name, a.state, a.last_value, a.started_at, a.resolved_at, r.severity
            from alerts a join rules r on r.id = a.rule_id
            where a.tenant = @tenant
            order by a.started_at desc, a.id
            limit @limit
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("limit", ListLimit);
        var alerts = new List<AlertView>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            alerts.Add(new AlertView(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetDouble(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                DbNames.SeverityFrom(reader.GetString(7))));
        }
        return alerts;
    }

    /// <summary>Every tenant's firing alerts (a gauge): the all-tenants scope.</summary>
    public async Task<long> CountFiringAsync(CancellationToken ct)
    {
        await using var cmd = allTenants.CreateCommand("select count(*) from alerts where state = 'firing'");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
