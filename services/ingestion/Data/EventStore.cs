using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Suite.Contracts.Events;
using Suite.Ingestion.Domain;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Ingestion.Data;

/// <summary>
/// Stores a request's events in ONE transaction: claim the idempotency keys (learning which events are new),
/// copy only the new events into events_raw, and enqueue the EventBatchIngested announcement in the outbox.
/// The caller acks only after this returns, so an acked event is durable and will be announced.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource, OutboxSignal outboxSignal, IngestionMetrics metrics, TimeProvider clock)
{
    private static readonly JsonSerializerOptions PropertiesJson = new(JsonSerializerDefaults.General);

    /// <returns>The ids that were new for the tenant and are now stored (the rest were duplicates).</returns>
    public async Task<IReadOnlySet<Guid>> AppendAsync(string tenant, IReadOnlyList<ValidatedEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return new HashSet<Guid>();
        }
        var started = Stopwatch.GetTimestamp();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        var newIds = await ClaimKeysAsync(conn, tx, tenant, events, ct);
        if (newIds.Count > 0)
        {
            var newEvents = events.Where(e => newIds.Contains(e.EventId)).ToList();
            await CopyEventsAsync(conn, tenant, newEvents, ct);
            var committedAt = clock.GetUtcNow();
            foreach (var chunk in newEvents.Chunk(EventBatchIngested.MaxEvents))
            {
                var batchId = Guid.NewGuid();
                var message = new EventBatchIngested(batchId, tenant, committedAt, chunk.Select(e => e.ToIngested()).ToList());
                await Outbox.EnqueueAsync(conn, tx, message, batchId, ct);
            }
        }
        await tx.CommitAsync(ct);
        metrics.BatchCommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);

        if (newIds.Count > 0)
        {
            outboxSignal.Notify();
        }
        return newIds;
    }

    /// <summary>
    /// Inserts the keys in id order (so two requests sharing ids lock in the same order and cannot deadlock); a
    /// concurrent request with the same key waits for ours to commit, then sees a conflict.
    /// </summary>
    private static async Task<HashSet<Guid>> ClaimKeysAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<ValidatedEvent> events, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            insert into event_keys (tenant, event_id, occurred_at)
            select @tenant, k.event_id, k.occurred_at
            from unnest(@ids, @occurred) as k(event_id, occurred_at)
            order by k.event_id
            on conflict do nothing
            returning event_id
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("ids", events.Select(e => e.EventId).ToArray());
        cmd.Parameters.AddWithValue("occurred", events.Select(e => e.OccurredAt).ToArray());
        var inserted = new HashSet<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inserted.Add(reader.GetGuid(0));
        }
        return inserted;
    }

    private static async Task CopyEventsAsync(NpgsqlConnection conn, string tenant, IReadOnlyList<ValidatedEvent> events, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync(
            """
            copy events_raw (tenant, event_id, domain, type, occurred_at, client_occurred_at, sent_at, received_at,
                             user_id, account_id, entity_type, entity_id, status, provider, service_code, country_code,
                             amount_minor, currency, duration_ms, session_id, properties, schema_version)
            from stdin (format binary)
            """, ct);
        foreach (var e in events)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(tenant, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(e.Domain, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(e.ClientOccurredAt, NpgsqlDbType.TimestampTz, ct);
            await WriteNullableAsync(copy, e.SentAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(e.ReceivedAt, NpgsqlDbType.TimestampTz, ct);
            await WriteTextAsync(copy, e.UserId, ct);
            await WriteTextAsync(copy, e.AccountId, ct);
            await WriteTextAsync(copy, e.EntityType, ct);
            await WriteTextAsync(copy, e.EntityId, ct);
            await WriteTextAsync(copy, e.Status, ct);
            await WriteTextAsync(copy, e.Provider, ct);
            await WriteTextAsync(copy, e.ServiceCode, ct);
            await WriteTextAsync(copy, e.CountryCode, ct);
            await WriteNullableAsync(copy, e.AmountMinor, NpgsqlDbType.Bigint, ct);
            await WriteTextAsync(copy, e.Currency, ct);
            await WriteNullableAsync(copy, e.DurationMs, NpgsqlDbType.Bigint, ct);
            await WriteTextAsync(copy, e.SessionId, ct);
            await copy.WriteAsync(JsonSerializer.Serialize(e.Properties, PropertiesJson), NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(e.SchemaVersion, NpgsqlDbType.Integer, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, ct) : copy.WriteNullAsync(ct);
}
