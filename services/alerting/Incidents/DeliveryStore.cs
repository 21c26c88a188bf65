using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Suite.Alerting.Data;

namespace Suite.Alerting.Incidents;

public static class DeliveryKinds
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
    public const string Digest = "digest";
    public const string Group = "group";

    public static string Of(IncidentNoticeKind kind) => kind == IncidentNoticeKind.Firing ? Firing : Resolved;
}

/// <summary>A delivery row claimed for sending. <see cref="Payload"/> is one notice, or a digest's notices.</summary>
public sealed record DueDelivery(Guid Id, string Tenant, string Kind, string Recipient, string Channel, string Address, int Attempts, string Payload);

/// <summary>Where a grouped incident's notifications wait: its group, until the planned flush.</summary>
public sealed record GroupFlush(string Key, DateTimeOffset At);

/// <summary>A row waiting in its group whose flush is due, with the group labels of its incident.</summary>
public sealed record GroupingDelivery(
    Guid Id, string Tenant, string GroupKey, IReadOnlyDictionary<string, string> GroupLabels, string Recipient, string Channel, string Address, IncidentNotice Notice);

/// <summary>What a 'group' row carries: the group and its notices, sent as one message.</summary>
public sealed record GroupedNotices(string GroupKey, IReadOnlyDictionary<string, string> GroupLabels, IReadOnlyList<IncidentNotice> Notices);

/// <summary>A held row whose quiet hours are over.</summary>
public sealed record ReleasableDelivery(Guid Id, string Tenant, string Recipient, string Channel, string Address, HeldDelivery Held);

/// <summary>The incident_deliveries table: outbox and log of incident notifications. Runs inside the caller's transaction.</summary>
public static class DeliveryStore
{
    /// <summary>
    /// Inserts the planned rows; an existing row with the same unique key wins (ON CONFLICT DO NOTHING). With
    /// <paramref name="group"/>, rows not held for quiet hours wait in the group ('grouping') until its flush.
    /// </summary>
    /// <returns>How many rows were new.</returns>
    public static async Task<int> InsertAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IncidentNotice notice, int level, int repeat,
        IEnumerable<PlannedDelivery> planned, DateTimeOffset now, CancellationToken ct, GroupFlush? group = null)
    {
        var payload = JsonSerializer.Serialize(notice, IncidentStore.Json);
        var inserted = 0;
        foreach (var p in planned)
        {
            await using var cmd = new NpgsqlCommand(
                """
                insert into incident_deliveries (id, tenant, incident_id, level, repeat, recipient, channel, address, kind,
                                                 payload, state, hold_until, next_attempt_at, created_at, group_key)
                values (@id, @tenant, @incident, @level, @repeat, @recipient, @channel, @address, @kind,
                        @payload, @state, @hold, @next, @now, @group)
                on conflict (incident_id, level, repeat, recipient, channel, address, kind) do nothing
                """, conn, tx);
            cmd.Parameters.AddWithValue("id", Guid.CreateVersion7(now));
            cmd.Parameters.AddWithValue("tenant", notice.Tenant);
            cmd.Parameters.AddWithValue("incident", notice.IncidentId);
            cmd.Parameters.AddWithValue("level", level);
            cmd.Parameters.AddWithValue("repeat", repeat);
            cmd.Parameters.AddWithValue("recipient", p.Recipient);
            cmd.Parameters.AddWithValue("channel", p.Channel);
            cmd.Parameters.AddWithValue("address", p.Address);
            cmd.Parameters.AddWithValue("kind", DeliveryKinds.Of(notice.Kind));
            cmd.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = payload });
            var grouping = p.HoldUntil is null && group is not null;
            cmd.Parameters.AddWithValue("state", p.HoldUntil is not null ? "held" : grouping ? "grouping" : "pending");
            cmd.Parameters.AddWithValue("hold", (object?)p.HoldUntil ?? DBNull.Value);
            cmd.Parameters.AddWithValue("next", grouping ? group!.At : now);
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.Add(new NpgsqlParameter("group", NpgsqlDbType.Text) { Value = grouping ? group!.Key : DBNull.Value });
            inserted += await cmd.ExecuteNonQueryAsync(ct);
        }
        return inserted;
    }

    /// <summary>Addresses told about the firing (sent, on their way, or held for a digest): those hear of the resolve.</summary>
    public static async Task<IReadOnlyList<NotifiedAddress>> NotifiedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid incidentId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select distinct recipient, channel, address from incident_deliveries
            where incident_id = @id and kind = 'firing' and state not in ('failed', 'dropped')
            order by recipient, channel, address
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", incidentId);
        var rows = new List<NotifiedAddress>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new NotifiedAddress(r.GetString(0), r.GetString(1), r.GetString(2)));
        }
        return rows;
    }

    /// <summary>Due pending rows, locked for this transaction: a replica sending them holds the lock until it records the outcome.</summary>
    public static async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select id, tenant, kind, recipient, channel, address, attempts, payload::text from incident_deliveries
            where state = 'pending' and next_attempt_at <= @now
            order by next_attempt_at
            limit @limit
            for update skip locked
            """, conn, tx);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<DueDelivery>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new DueDelivery(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetString(7)));
        }
        return rows;
    }

    /// <summary>Held rows whose hold ended, locked for this transaction.</summary>
    public static async Task<IReadOnlyList<ReleasableDelivery>> ClaimReleasableAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select id, tenant, recipient, channel, address, payload::text, created_at from incident_deliveries
            where state = 'held' and hold_until <= @now
            order by hold_until, id
            limit @limit
            for update skip locked
            """, conn, tx);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<ReleasableDelivery>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var id = r.GetGuid(0);
            var notice = JsonSerializer.Deserialize<IncidentNotice>(r.GetString(5), IncidentStore.Json)!;
            rows.Add(new ReleasableDelivery(id, r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                new HeldDelivery(id, notice, r.GetFieldValue<DateTimeOffset>(6))));
        }
        return rows;
    }

    /// <summary>One digest row for an address, due now; the held rows it folds point at it and leave the held state.</summary>
    public static Task InsertDigestAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, ReleasableDelivery first, IReadOnlyList<IncidentNotice> notices,
        IReadOnlyList<Guid> heldIds, DateTimeOffset now, CancellationToken ct) =>
        InsertFoldAsync(conn, tx, DeliveryKinds.Digest, "digested", (first.Tenant, first.Recipient, first.Channel, first.Address), null,
            JsonSerializer.Serialize(notices, IncidentStore.Json), heldIds, now, ct);

    /// <summary>
    /// Rows waiting in a group whose flush is due, locked for this transaction, with their incident's group labels.
    /// Whole groups are not guaranteed past <paramref name="limit"/>: the rest are due in the next pass.
    /// </summary>
    public static async Task<IReadOnlyList<GroupingDelivery>> ClaimGroupingAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select d.id, d.tenant, d.group_key, i.grouping::text, d.recipient, d.channel, d.address, d.payload::text
            from incident_deliveries d join incidents i on i.id = d.incident_id
            where d.state = 'grouping' and d.next_attempt_at <= @now
            order by d.next_attempt_at, d.id
            limit @limit
            for update of d skip locked
            """, conn, tx);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<GroupingDelivery>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var grouping = r.IsDBNull(3) ? null : JsonSerializer.Deserialize<IncidentGrouping>(r.GetString(3), IncidentStore.Json);
            rows.Add(new GroupingDelivery(r.GetGuid(0), r.GetString(1), r.GetString(2),
                grouping?.Labels ?? new Dictionary<string, string>(), r.GetString(4), r.GetString(5), r.GetString(6),
                JsonSerializer.Deserialize<IncidentNotice>(r.GetString(7), IncidentStore.Json)!));
        }
        return rows;
    }

    /// <summary>A group's only row for an address goes out as it is: pending, due now.</summary>
    public static async Task ReleaseGroupingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "update incident_deliveries set state = 'pending', next_attempt_at = @now where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("now", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One 'group' row for an address, due now; its member rows point at it (digest_id) as 'grouped'.</summary>
    public static Task InsertGroupAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, GroupingDelivery first, GroupedNotices group, IReadOnlyList<Guid> memberIds,
        DateTimeOffset now, CancellationToken ct) =>
        InsertFoldAsync(conn, tx, DeliveryKinds.Group, "grouped", (first.Tenant, first.Recipient, first.Channel, first.Address), first.GroupKey,
            JsonSerializer.Serialize(group, IncidentStore.Json), memberIds, now, ct);

    /// <summary>A row that carries several notices (digest or group), due now; the rows it folds point at it (digest_id).</summary>
    private static async Task InsertFoldAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, string kind, string memberState, (string Tenant, string Recipient, string Channel, string Address) to,
        string? groupKey, string payload, IReadOnlyList<Guid> memberIds, DateTimeOffset now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(now);
        await using (var cmd = new NpgsqlCommand(
            """
            insert into incident_deliveries (id, tenant, incident_id, level, repeat, recipient, channel, address, kind,
                                             payload, state, next_attempt_at, created_at, group_key)
            values (@id, @tenant, null, 0, 0, @recipient, @channel, @address, @kind, @payload, 'pending', @now, @now, @group)
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("id", id);
            cmd.Parameters.AddWithValue("tenant", to.Tenant);
            cmd.Parameters.AddWithValue("recipient", to.Recipient);
            cmd.Parameters.AddWithValue("channel", to.Channel);
            cmd.Parameters.AddWithValue("address", to.Address);
            cmd.Parameters.AddWithValue("kind", kind);
            cmd.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = payload });
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.Add(new NpgsqlParameter("group", NpgsqlDbType.Text) { Value = (object?)groupKey ?? DBNull.Value });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using (var cmd = new NpgsqlCommand(
            "update incident_deliveries set state = @state, digest_id = @fold where id = any(@ids)", conn, tx))
        {
            cmd.Parameters.AddWithValue("state", memberState);
            cmd.Parameters.AddWithValue("fold", id);
            cmd.Parameters.AddWithValue("ids", memberIds.ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>An incident resolved before its group flushed: its waiting rows are never sent.</summary>
    public static async Task DropGroupingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid incidentId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "update incident_deliveries set state = 'dropped', last_error = 'resolved before its group was flushed' where incident_id = @id and state = 'grouping'",
            conn, tx);
        cmd.Parameters.AddWithValue("id", incidentId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static Task MarkSentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset at, CancellationToken ct) =>
        DeliveryOutcomes.MarkSentAsync(conn, tx, DeliveryOutcomes.IncidentDeliveries, id, at, ct);

    public static Task MarkRetryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset retryAt, string? error, CancellationToken ct) =>
        DeliveryOutcomes.MarkRetryAsync(conn, tx, DeliveryOutcomes.IncidentDeliveries, id, retryAt, error, ct);

    public static Task MarkFailedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, string? error, CancellationToken ct) =>
        DeliveryOutcomes.MarkFailedAsync(conn, tx, DeliveryOutcomes.IncidentDeliveries, id, error, ct);
}
