using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Suite.Alerting.Domain;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Data;

/// <summary>The rules table. Every query names the tenant, except the evaluator's claim which serves all tenants.</summary>
public sealed class RuleRepository(NpgsqlDataSource db, [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource allTenants)
{
    private const string Columns =
        "id, tenant, name, kpi, filters::text, comparison, threshold, window_seconds, severity, email_to, slack_webhook_url, min_samples, created_at";

    public async Task InsertAsync(AlertRule rule, DateTimeOffset nextEvaluationAt, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(rule.Tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            insert into rules (id, tenant, name, kpi, filters, comparison, threshold, window_seconds, severity, email_to,
                               slack_webhook_url, min_samples, created_at, next_evaluation_at)
            values (@id, @tenant, @name, @kpi, @filters, @comparison, @threshold, @window, @severity, @email_to,
                    @slack, @min_samples, @created_at, @next)
            """, conn);
        cmd.Parameters.AddWithValue("id", rule.Id);
        cmd.Parameters.AddWithValue("tenant", rule.Tenant);
        cmd.Parameters.AddWithValue("name", rule.Name);
        cmd.Parameters.AddWithValue("kpi", rule.Kpi);
        cmd.Parameters.Add(new NpgsqlParameter("filters", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(rule.Filters) });
        cmd.Parameters.AddWithValue("comparison", DbNames.Of(rule.Comparison));
        cmd.Parameters.AddWithValue("threshold", rule.Threshold);
        cmd.Parameters.AddWithValue("window", rule.WindowSeconds);
        cmd.Parameters.AddWithValue("severity", DbNames.Of(rule.Severity));
        cmd.Parameters.AddWithValue("email_to", rule.EmailTo.ToArray());
        cmd.Parameters.AddWithValue("slack", (object?)rule.SlackWebhookUrl ?? DBNull.Value);
        cmd.Parameters.AddWithValue("min_samples", rule.MinSamples);
        cmd.Parameters.AddWithValue("created_at", rule.CreatedAt);
        cmd.Parameters.AddWithValue("next", nextEvaluationAt);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<AlertRule>> ListAsync(string tenant, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand($"select {Columns} from rules where tenant = @tenant and deleted_at is null order by created_at, id", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        return await ReadAllAsync(cmd, ct);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> rules due at <paramref name="now"/>, across tenants, and moves their next
    /// evaluation to <paramref name="next"/> in the same statement: SKIP LOCKED lets replicas claim disjoint sets,
    /// and a claimed rule is not due again for anyone until <paramref name="next"/>. The all-tenants scope.
    /// </summary>
    public async Task<IReadOnlyList<AlertRule>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset next, int limit, CancellationToken ct)
    {
        await using var cmd = allTenants.CreateCommand(
            $"""
            update rules set next_evaluation_at = @next
            where id in (
                select id from rules
                where deleted_at is null and next_evaluation_at <= @now
                order by next_evaluation_at
                limit @limit
                for update skip locked)
            returning {Columns}
            """);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("next", next);
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(cmd, ct);
    }

    /// <summary>
    /// Locks one rule row for a state change (evaluation result or delete): changes of one rule's alert are
    /// serialised across replicas by this lock.
    /// </summary>
    public static async Task<RuleLock?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ruleId, string? tenant, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select {Columns}, deleted_at, last_evaluated_at from rules where id = @id and (@tenant::text is null or tenant = @tenant) for update",
            conn, tx);
        cmd.Parameters.AddWithValue("id", ruleId);
        cmd.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new RuleLock(
            Read(reader),
            reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
            reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14));
    }

    public static async Task MarkEvaluatedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ruleId, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("update rules set last_evaluated_at = @at where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", ruleId);
        cmd.Parameters.AddWithValue("at", at);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task MarkDeletedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ruleId, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("update rules set deleted_at = @at where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", ruleId);
        cmd.Parameters.AddWithValue("at", at);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<AlertRule>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rules = new List<AlertRule>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rules.Add(Read(reader));
        }
        return rules;
    }

    private static AlertRule Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4)) ?? [],
        DbNames.ComparisonFrom(r.GetString(5)),
        r.GetDouble(6),
        r.GetInt32(7),
        DbNames.SeverityFrom(r.GetString(8)),
        r.GetFieldValue<string[]>(9),
        r.IsDBNull(10) ? null : r.GetString(10),
        r.GetInt64(11),
        r.GetFieldValue<DateTimeOffset>(12));
}

/// <summary>A rule row held under FOR UPDATE, with the fields that say whether it may still change.</summary>
public sealed record RuleLock(AlertRule Rule, DateTimeOffset? DeletedAt, DateTimeOffset? LastEvaluatedAt);
