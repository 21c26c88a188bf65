using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Jobs.DocumentRules;

/// <summary>A claimed KPI rule: its memory and whether it fired last time.</summary>
public sealed record RuleState(string Tenant, string Rule, RuleMemory Memory, bool Firing);

/// <summary>rule_states: one row per KPI rule of each tenant's document, with the evaluation lease.</summary>
public static class RuleStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds rows for the document's KPI rules (due at once) and drops rows of rules it no longer has.</summary>
    public static async Task SyncAsync(NpgsqlDataSource db, CompiledConfig config, DateTimeOffset now, CancellationToken ct)
    {
        var names = config.Rules.Where(r => r.Condition is not null).Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand(
            """
            insert into rule_states (tenant, rule, config_version, next_evaluation_at)
            select @t, r, @v, @now from unnest(@rules) as r
            on conflict (tenant, rule) do update set config_version = excluded.config_version
            """, conn, tx))
        {
            insert.Parameters.AddWithValue("t", config.Tenant);
            insert.Parameters.AddWithValue("v", config.Version);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("rules", names);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using (var delete = new NpgsqlCommand("delete from rule_states where tenant = @t and not (rule = any(@rules))", conn, tx))
        {
            delete.Parameters.AddWithValue("t", config.Tenant);
            delete.Parameters.AddWithValue("rules", names);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Claims due rules and pushes their lease to <paramref name="leaseUntil"/> in the same statement.</summary>
    public static async Task<IReadOnlyList<RuleState>> ClaimDueAsync(NpgsqlDataSource db, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            """
            update rule_states s set next_evaluation_at = @lease
            from (select tenant, rule from rule_states where next_evaluation_at <= @now
                  order by next_evaluation_at limit @limit for update skip locked) due
            where s.tenant = due.tenant and s.rule = due.rule
            returning s.tenant, s.rule, s.memory::text, s.firing
            """);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("lease", leaseUntil);
        cmd.Parameters.AddWithValue("limit", limit);
        var claimed = new List<RuleState>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new RuleState(reader.GetString(0), reader.GetString(1),
                JsonSerializer.Deserialize<RuleMemory>(reader.GetString(2), Json) ?? RuleMemory.Empty, reader.GetBoolean(3)));
        }
        return claimed;
    }

    public static async Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RuleState state, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "update rule_states set memory = @m, firing = @f, last_evaluated_at = @now where tenant = @t and rule = @r", conn, tx);
        cmd.Parameters.AddWithValue("t", state.Tenant);
        cmd.Parameters.AddWithValue("r", state.Rule);
        cmd.Parameters.Add(new NpgsqlParameter("m", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(state.Memory, Json) });
        cmd.Parameters.AddWithValue("f", state.Firing);
        cmd.Parameters.AddWithValue("now", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary><see cref="SaveAsync"/> for many rules in one statement (no transaction of its own needed).</summary>
    public static async Task SaveManyAsync(NpgsqlDataSource db, IReadOnlyList<RuleState> states, DateTimeOffset now, CancellationToken ct)
    {
        if (states.Count == 0)
        {
            return;
        }
        await using var cmd = db.CreateCommand(
            """
            update rule_states s set memory = v.m, firing = v.f, last_evaluated_at = @now
            from unnest(@t, @r, @m, @f) as v(t, r, m, f)
            where s.tenant = v.t and s.rule = v.r
            """);
        cmd.Parameters.AddWithValue("t", states.Select(s => s.Tenant).ToArray());
        cmd.Parameters.AddWithValue("r", states.Select(s => s.Rule).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("m", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = states.Select(s => JsonSerializer.Serialize(s.Memory, Json)).ToArray() });
        cmd.Parameters.AddWithValue("f", states.Select(s => s.Firing).ToArray());
        cmd.Parameters.AddWithValue("now", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<string>> TenantsWithConfigAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select tenant from alerting_config order by tenant");
        var tenants = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }
}
