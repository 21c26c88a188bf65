using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Pipeline;

namespace Suite.Alerting.Data;

/// <summary>A notification row claimed for delivery.</summary>
public sealed record DueNotification(Guid Id, NotificationKind Kind, string Channel, string Target, int Attempts, AlertNotice Notice);

/// <summary>The notifications table: durable outbox and log of Slack and email messages.</summary>
public static class NotificationRepository
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Inserts the planned notifications; an existing (alert, kind, channel, target) row wins.</summary>
    /// <returns>How many rows were new.</returns>
    public static async Task<int> EnqueueAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, AlertNotice notice, IEnumerable<PlannedNotification> planned, DateTimeOffset now, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(notice, Json);
        var inserted = 0;
        foreach (var n in planned)
        {
            await using var cmd = new NpgsqlCommand(
                """
                insert into notifications (id, tenant, alert_id, kind, channel, target, payload, next_attempt_at, created_at)
                values (@id, @tenant, @alert, @kind, @channel, @target, @payload, @due, @now)
                on conflict (alert_id, kind, channel, target) do nothing
                """, conn, tx);
            cmd.Parameters.AddWithValue("id", Guid.CreateVersion7(now));
            cmd.Parameters.AddWithValue("tenant", notice.Tenant);
            cmd.Parameters.AddWithValue("alert", notice.AlertId);
            cmd.Parameters.AddWithValue("kind", DbNames.Of(n.Kind));
            cmd.Parameters.AddWithValue("channel", n.Channel);
            cmd.Parameters.AddWithValue("target", n.Target);
            cmd.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = payload });
            cmd.Parameters.AddWithValue("due", n.DueAt);
            cmd.Parameters.AddWithValue("now", now);
            inserted += await cmd.ExecuteNonQueryAsync(ct);
        }
        return inserted;
    }

    /// <summary>Claims due rows for this transaction; other replicas skip them until it ends.</summary>
    public static async Task<IReadOnlyList<DueNotification>> ClaimDueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select id, kind, channel, target, attempts, payload::text from notifications
            where state = 'pending' and next_attempt_at <= @now
            order by next_attempt_at
            limit @limit
            for update skip locked
            """, conn, tx);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<DueNotification>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new DueNotification(
                reader.GetGuid(0),
                DbNames.KindFrom(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt32(4),
                JsonSerializer.Deserialize<AlertNotice>(reader.GetString(5), Json)!));
        }
        return rows;
    }

    public static Task MarkSentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset at, CancellationToken ct) =>
        DeliveryOutcomes.MarkSentAsync(conn, tx, DeliveryOutcomes.Notifications, id, at, ct);

    public static Task MarkRetryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset retryAt, string? error, CancellationToken ct) =>
        DeliveryOutcomes.MarkRetryAsync(conn, tx, DeliveryOutcomes.Notifications, id, retryAt, error, ct);

    public static Task MarkFailedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, string? error, CancellationToken ct) =>
        DeliveryOutcomes.MarkFailedAsync(conn, tx, DeliveryOutcomes.Notifications, id, error, ct);
}
