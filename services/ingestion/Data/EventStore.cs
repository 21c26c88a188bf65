using System.Diagnostics;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Ingestion.Domain;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Ingestion.Data;

/// <summary>
/// Stores a request's events in ONE transaction: claim the idempotency keys (learning which events are new),
/// copy only the new events into events_raw, and enqueue the EventBatchIngested announcement in the outbox.
/// The caller acks only after this returns, so an acked event is durable and will be announced.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource, OutboxSignal outboxSignal, CommitGate gate, IngestionMetrics metrics, TimeProvider clock)
{
    /// <returns>The ids that were new for the tenant and are now stored (the rest were duplicates).</returns>
    public async Task<IReadOnlySet<Guid>> AppendAsync(string tenant, IReadOnlyList<ValidatedEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return new HashSet<Guid>();
        }
        await gate.WaitAsync(ct);
        HashSet<Guid> newIds;
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);

            newIds = await ClaimKeysAsync(conn, tx, tenant, events, ct);
            if (newIds.Count > 0)
            {
                await using (var copy = await conn.BeginBinaryImportAsync(EventCopyWriter.CopyCommand, ct))
                {
                    EventCopyWriter.WriteRows(copy, tenant, events, newIds.Count == events.Count ? null : newIds);
                    await copy.CompleteAsync(ct);
                }
                await EnqueueAnnouncementsAsync(conn, tx, tenant, events, newIds, ct);
            }
            await tx.CommitAsync(ct);
            metrics.BatchCommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            gate.Release();
        }
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
        var ids = new Guid[events.Count];
        var occurred = new DateTimeOffset[events.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = events[i].EventId;
            occurred[i] = events[i].OccurredAt;
        }
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
        cmd.Parameters.AddWithValue("ids", ids);
        cmd.Parameters.AddWithValue("occurred", occurred);
        var inserted = new HashSet<Guid>(ids.Length);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inserted.Add(reader.GetGuid(0));
        }
        return inserted;
    }

    /// <summary>One EventBatchIngested per ≤ 1000 new events; BatchId = outbox id = MassTransit MessageId.</summary>
    private async Task EnqueueAnnouncementsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<ValidatedEvent> events, HashSet<Guid> newIds, CancellationToken ct)
    {
        var committedAt = clock.GetUtcNow();
        var compact = new List<IngestedEvent>(Math.Min(newIds.Count, EventBatchIngested.MaxEvents));
        foreach (var e in events)
        {
            if (!newIds.Contains(e.EventId))
            {
                continue;
            }
            compact.Add(e.ToIngested());
            if (compact.Count == EventBatchIngested.MaxEvents)
            {
                await EnqueueAsync(compact);
                compact = new List<IngestedEvent>(EventBatchIngested.MaxEvents);
            }
        }
        if (compact.Count > 0)
        {
            await EnqueueAsync(compact);
        }

        Task EnqueueAsync(List<IngestedEvent> chunk)
        {
            var batchId = Guid.NewGuid();
            return Outbox.EnqueueAsync(conn, tx, new EventBatchIngested(batchId, tenant, committedAt, chunk), batchId, ct);
        }
    }
}

/// <summary>
/// Bounds the store transactions in flight (Ingestion:MaxConcurrentCommits): more would only queue inside
/// PostgreSQL on two cores, and each one may briefly block a thread in the synchronous COPY.
/// </summary>
public sealed class CommitGate(int maxConcurrent)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    public int MaxConcurrent => maxConcurrent;

    public Task WaitAsync(CancellationToken ct) => _slots.WaitAsync(ct);

    public void Release() => _slots.Release();
}
