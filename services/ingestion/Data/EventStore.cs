using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Ingestion.Domain;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Ingestion.Data;

/// <summary>
/// Stores a request's events in ONE transaction: claim the idempotency keys (learning which events are new),
/// copy only the new events into events_raw, and enqueue the EventBatchIngested announcement in the outbox.
/// The caller acks only after this returns, so an acked event is durable and will be announced.
/// <para>
/// Keys are claimed optimistically with a plain multi-row INSERT from arrays (far cheaper than INSERT ... ON CONFLICT,
/// whose speculative insertion runs row by row; and cheaper than a COPY, which in PostgreSQL 15 pins the table's
/// descriptor once per buffered row in a way that costs quadratically in the rows of one COPY); a unique violation
/// means the request holds a retried event, and the transaction is redone with INSERT ... ON CONFLICT DO NOTHING
/// RETURNING to learn which ones. Both paths take the keys in the same sorted order, so two requests sharing ids wait
/// for each other instead of deadlocking.
/// </para>
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource, OutboxSignal outboxSignal, CommitGate gate, IngestionMetrics metrics, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    private const string InsertKeysSql =
        """
        insert into event_keys (tenant, event_id, occurred_at)
        select @tenant, k.event_id, k.occurred_at
        from unnest(@ids, @occurred) with ordinality as k(event_id, occurred_at, n)
        order by k.n
        """;

    private const string InsertNewKeysSql = InsertKeysSql + " on conflict do nothing returning event_id";

    /// <returns>The ids that were new for the tenant and are now stored (the rest were duplicates).</returns>
    public async Task<IReadOnlySet<Guid>> AppendAsync(string tenant, IReadOnlyList<ValidatedEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return new HashSet<Guid>();
        }
        var keys = KeyRows.Sorted(events);
        await gate.WaitAsync(ct);
        HashSet<Guid> newIds;
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    newIds = await TryAppendAllAsync(conn, tenant, events, keys, ct)
                        ?? await AppendNewAsync(conn, tenant, events, keys, ct);
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxAttempts)
                {
                    // Not expected (keys are taken in one order), but a retry is always safe: nothing was committed.
                }
            }
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

    /// <summary>The common case, every event new: one plain multi-row insert of the keys. Null when a key exists already (nothing written).</summary>
    private async Task<HashSet<Guid>?> TryAppendAllAsync(NpgsqlConnection conn, string tenant, IReadOnlyList<ValidatedEvent> events, (Guid Id, DateTimeOffset OccurredAt)[] keys, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        HashSet<Guid> all;
        try
        {
            all = await InsertKeysAsync(conn, tx, tenant, keys, skipExisting: false, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        await WriteEventsAsync(conn, tx, tenant, events, all, ct);
        await tx.CommitAsync(ct);
        return all;
    }

    /// <summary>Some events were stored before: claim keys one by one, learning which are new.</summary>
    private async Task<HashSet<Guid>> AppendNewAsync(NpgsqlConnection conn, string tenant, IReadOnlyList<ValidatedEvent> events, (Guid Id, DateTimeOffset OccurredAt)[] keys, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var newIds = await InsertKeysAsync(conn, tx, tenant, keys, skipExisting: true, ct);
        if (newIds.Count > 0)
        {
            await WriteEventsAsync(conn, tx, tenant, events, newIds, ct);
        }
        await tx.CommitAsync(ct);
        return newIds;
    }

    /// <summary>
    /// Inserts the keys in the given (sorted) order. Plain: a unique violation aborts the statement. With
    /// <paramref name="skipExisting"/>: ON CONFLICT DO NOTHING, returning the ids that were new (a concurrent request
    /// with the same key waits for ours, then sees a conflict).
    /// </summary>
    private static async Task<HashSet<Guid>> InsertKeysAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, (Guid Id, DateTimeOffset OccurredAt)[] keys, bool skipExisting, CancellationToken ct)
    {
        var ids = new Guid[keys.Length];
        var occurred = new DateTimeOffset[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            (ids[i], occurred[i]) = keys[i];
        }
        // The transaction's first statement: its tenant for row-level security, in the same round trip as BEGIN and the keys.
        await using var batch = new NpgsqlBatch(conn, tx) { BatchCommands = { TenantSession.SetLocal(tenant) } };
        var insert = new NpgsqlBatchCommand(skipExisting ? InsertNewKeysSql : InsertKeysSql);
        insert.Parameters.AddWithValue("tenant", tenant);
        insert.Parameters.AddWithValue("ids", ids);
        insert.Parameters.AddWithValue("occurred", occurred);
        batch.BatchCommands.Add(insert);
        if (!skipExisting)
        {
            await batch.ExecuteNonQueryAsync(ct);
            return [.. ids];
        }
        var inserted = new HashSet<Guid>(ids.Length);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);   // past set_config's row
        while (await reader.ReadAsync(ct))
        {
            inserted.Add(reader.GetGuid(0));
        }
        return inserted;
    }

    /// <summary>The months (partitions) the events to write fall in: almost always one.</summary>
    private static List<DateTimeOffset> Months(IReadOnlyList<ValidatedEvent> events, HashSet<Guid>? only)
    {
        var months = new List<DateTimeOffset>(1);
        foreach (var e in events)
        {
            var month = EventRows.MonthOf(e.OccurredAt);
            if ((only is null || only.Contains(e.EventId)) && !months.Contains(month))
            {
                months.Add(month);
            }
        }
        return months;
    }

    /// <summary>The new events by binary COPY (one per month's partition), then their announcement(s) in the outbox.</summary>
    private async Task WriteEventsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<ValidatedEvent> events, HashSet<Guid> newIds, CancellationToken ct)
    {
        var only = newIds.Count == events.Count ? null : newIds;
        var months = Months(events, only);
        foreach (var month in months)
        {
            using var rows = EventRows.Encode(tenant, events, only, months.Count == 1 ? null : month);
            await using var copy = await conn.BeginRawBinaryCopyAsync(EventRows.CopyCommandFor(month), ct);
            await copy.WriteAsync(rows.WrittenMemory, ct);
        }

        // One EventBatchIngested per ≤ 1000 new events; BatchId = outbox id = MassTransit MessageId.
        var committedAt = clock.GetUtcNow();
        for (var chunk = 0; chunk < BatchAnnouncement.ChunksFor(newIds.Count); chunk++)
        {
            var batchId = Guid.NewGuid();
            using var payload = new PooledBuffer(newIds.Count * 200);
            await using (var json = new Utf8JsonWriter(payload, EventRows.JsonOptions))
            {
                BatchAnnouncement.Write(json, batchId, tenant, committedAt, events, newIds, chunk * EventBatchIngested.MaxEvents, EventBatchIngested.MaxEvents);
            }
            await Outbox.EnqueueJsonAsync<EventBatchIngested>(conn, tx, payload.WrittenMemory, batchId, ct);
        }
    }
}

/// <summary>
/// Bounds the store transactions in flight (Ingestion:MaxConcurrentCommits), hence the database connections
/// ingestion holds: more concurrent transactions would only queue inside PostgreSQL.
/// </summary>
public sealed class CommitGate(int maxConcurrent)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    public int MaxConcurrent => maxConcurrent;

    public Task WaitAsync(CancellationToken ct) => _slots.WaitAsync(ct);

    public void Release() => _slots.Release();
}
