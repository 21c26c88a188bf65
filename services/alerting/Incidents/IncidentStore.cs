using System.Text.Json;
using Npgsql;
using Suite.ServiceDefaults.Data;
using NpgsqlTypes;
using Suite.Alerting.Domain.Escalation;

namespace Suite.Alerting.Incidents;

/// <summary>The incidents table. Every method runs inside the caller's transaction.</summary>
public static class IncidentStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private const string Columns =
        "id, tenant, fingerprint, alert_name, labels::text, annotations::text, severity, state, started_at, acknowledged_at, " +
        "acknowledged_by, resolved_at, resolved_by, route_path, policy::text, last_level, last_repeat, last_fired_at, next_due_at, grouping::text";

    /// <returns>false when an open incident with the same fingerprint exists (dedup, also against a concurrent insert).</returns>
    public static async Task<bool> TryInsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Incident i, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            insert into incidents (id, tenant, fingerprint, alert_name, labels, annotations, severity, state, started_at,
                                   route_path, policy_name, policy, next_due_at, group_key, grouping)
            values (@id, @tenant, @fingerprint, @name, @labels, @annotations, @severity, 'firing', @started,
                    @route, @policy_name, @policy, @due, @group_key, @grouping)
            on conflict (tenant, fingerprint) where state <> 'resolved' do nothing
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", i.Id);
        cmd.Parameters.AddWithValue("tenant", i.Tenant);
        cmd.Parameters.AddWithValue("fingerprint", i.Fingerprint);
        cmd.Parameters.AddWithValue("name", i.AlertName);
        cmd.Parameters.Add(Jsonb("labels", i.Labels));
        cmd.Parameters.Add(Jsonb("annotations", i.Annotations));
        cmd.Parameters.AddWithValue("severity", i.Severity);
        cmd.Parameters.AddWithValue("started", i.StartedAt);
        cmd.Parameters.AddWithValue("route", i.RoutePath);
        cmd.Parameters.AddWithValue("policy_name", i.Policy.Name);
        cmd.Parameters.Add(Jsonb("policy", i.Policy));
        cmd.Parameters.AddWithValue("due", (object?)i.NextDueAt ?? DBNull.Value);
        cmd.Parameters.Add(new NpgsqlParameter("group_key", NpgsqlDbType.Text) { Value = (object?)i.Grouping?.Key ?? DBNull.Value });
        cmd.Parameters.Add(i.Grouping is null ? new NpgsqlParameter("grouping", NpgsqlDbType.Jsonb) { Value = DBNull.Value } : Jsonb("grouping", i.Grouping));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public static async Task<bool> OpenExistsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, string fingerprint, CancellationToken ct) =>
        await OpenIdAsync(conn, tx, tenant, fingerprint, ct) is not null;

    /// <summary>The open (firing or acknowledged) incident with this fingerprint, if any.</summary>
    public static async Task<Guid?> OpenIdAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string tenant, string fingerprint, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select id from incidents where tenant = @tenant and fingerprint = @fingerprint and state <> 'resolved'", conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("fingerprint", fingerprint);
        return await cmd.ExecuteScalarAsync(ct) as Guid?;
    }

    /// <summary>Labels of the tenant's open incidents: the sources inhibit rules look at.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> OpenLabelsAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select labels::text from incidents where tenant = @tenant and state <> 'resolved'", conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        var labels = new List<IReadOnlyDictionary<string, string>>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            labels.Add(JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(0), Json)!);
        }
        return labels;
    }

    /// <summary>Open incidents whose next step is due, locked for this transaction; other replicas skip them.</summary>
    public static async Task<IReadOnlyList<Incident>> ClaimDueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"""
            select {Columns} from incidents
            where next_due_at <= @now and state <> 'resolved'
            order by next_due_at
            limit @limit
            for update skip locked
            """, conn, tx);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(cmd, ct);
    }

    /// <summary>Locks one incident (waiting for a worker that holds it); null when missing or another tenant's.</summary>
    public static async Task<Incident?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, string? tenant, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select {Columns} from incidents where id = @id and (@tenant::text is null or tenant = @tenant) for update", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        var rows = await ReadAllAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<Incident?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns} from incidents where id = @id");
        cmd.Parameters.AddWithValue("id", id);
        var rows = await ReadAllAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Newest first; <paramref name="state"/> null lists every state.</summary>
    public static async Task<IReadOnlyList<Incident>> ListAsync(NpgsqlDataSource db, string tenant, string? state, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            $"select {Columns} from incidents where tenant = @tenant and (@state::text is null or state = @state) order by started_at desc, id limit @limit", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = (object?)state ?? DBNull.Value });
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(cmd, ct);
    }

    /// <summary>
    /// The tenant's open incidents with their change sequence (migration 0005), oldest first: a watcher's snapshot.
    /// </summary>
    public static async Task<IReadOnlyList<(Incident Incident, long Seq)>> ListOpenWithSeqAsync(NpgsqlDataSource db, string tenant, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            $"select {Columns}, change_seq from incidents where tenant = @tenant and state <> 'resolved' order by started_at, id", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        return await ReadWithSeqAsync(cmd, ct);
    }

    /// <summary>One incident with its change sequence (migration 0005); null when missing.</summary>
    public static async Task<(Incident Incident, long Seq)?> GetWithSeqAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns}, change_seq from incidents where id = @id");
        cmd.Parameters.AddWithValue("id", id);
        var rows = await ReadWithSeqAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Writes the escalation progress and the state (a re-open turns acknowledged into firing).</summary>
    public static async Task SaveEscalationAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, string state, FiredStep? lastFired, DateTimeOffset? nextDueAt, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            update incidents set state = @state, last_level = @level, last_repeat = @repeat, last_fired_at = @fired_at,
                                 next_due_at = @due
            where id = @id
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("state", state);
        cmd.Parameters.AddWithValue("level", (object?)lastFired?.Level ?? DBNull.Value);
        cmd.Parameters.AddWithValue("repeat", (object?)lastFired?.Repeat ?? DBNull.Value);
        cmd.Parameters.AddWithValue("fired_at", (object?)lastFired?.At ?? DBNull.Value);
        cmd.Parameters.AddWithValue("due", (object?)nextDueAt ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task AcknowledgeAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset at, string by, DateTimeOffset? nextDueAt, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "update incidents set state = 'acknowledged', acknowledged_at = @at, acknowledged_by = @by, next_due_at = @due where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("at", at);
        cmd.Parameters.AddWithValue("by", by);
        cmd.Parameters.AddWithValue("due", (object?)nextDueAt ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset at, string by, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "update incidents set state = 'resolved', resolved_at = @at, resolved_by = @by, next_due_at = null where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("at", at);
        cmd.Parameters.AddWithValue("by", by);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Jsonb<T>(string name, T value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(value, Json) };

    private static async Task<IReadOnlyList<(Incident, long)>> ReadWithSeqAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<(Incident, long)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add((Read(r), r.GetInt64(20)));
        }
        return rows;
    }

    private static async Task<IReadOnlyList<Incident>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<Incident>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(Read(r));
        }
        return rows;
    }

    private static Incident Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4), Json)!,
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(5), Json)!,
        r.GetString(6),
        r.GetString(7),
        r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        r.IsDBNull(12) ? null : r.GetString(12),
        r.GetString(13),
        JsonSerializer.Deserialize<EscalationPolicy>(r.GetString(14), Json)!,
        r.IsDBNull(15) ? null : new FiredStep(r.GetInt32(15), r.GetInt32(16), r.GetFieldValue<DateTimeOffset>(17)),
        r.IsDBNull(18) ? null : r.GetFieldValue<DateTimeOffset>(18),
        r.IsDBNull(19) ? null : JsonSerializer.Deserialize<IncidentGrouping>(r.GetString(19), Json));
}
