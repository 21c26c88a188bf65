using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Ingestion.Domain;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Ingestion.Data;

/// <summary>
/// Stores requests' events durably, several requests in ONE transaction when they queue up (group commit,
/// <see cref="CommitQueue"/>): claim the idempotency keys (learning which events are new), copy only the new events
/// into events_raw, and enqueue the EventBatchIngested announcements in the outbox. A caller acks only after its
/// request's transaction committed, so an acked event is durable and will be announced.
/// <para>
/// Keys are claimed optimistically with a plain multi-row INSERT from arrays (far cheaper than INSERT ... ON CONFLICT,
/// whose speculative insertion runs row by row; and cheaper than a COPY, which in PostgreSQL 15 pins the table's
/// descriptor once per buffered row in a way that costs quadratically in the rows of one COPY); a unique violation
/// means the group holds a retried event, and the transaction is redone with INSERT ... ON CONFLICT DO NOTHING
/// RETURNING to learn which ones. Both paths take the keys in one global order (tenant, then id), so two transactions
/// sharing keys wait for each other instead of deadlocking.
/// </para>
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource, OutboxSignal outboxSignal, CommitQueue queue, IngestionMetrics metrics, TimeProvider clock, ILogger<EventStore> logger)
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
        var pending = queue.Enqueue(tenant, events);
        var stored = await queue.RunAsync(pending, CommitAsync, ct);
        metrics.BatchCommitDuration.Record(Stopwatch.GetElapsedTime(pending.QueuedAt).TotalSeconds);
        return stored;
    }

    /// <summary>
    /// Stores a group in one transaction and completes every member. When PostgreSQL refuses the group (an error about
    /// its data, e.g. an event's partition), each request is retried alone, so one request's failure never fails the
    /// others it happened to be grouped with. A lost connection or a timeout fails the whole group at once: retrying
    /// its members one by one would only hold the commit slot for longer.
    /// </summary>
    private async Task CommitAsync(List<PendingAppend> group)
    {
        try
        {
            var results = await StoreAsync(group);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(results[i]);
            }
        }
        catch (PostgresException ex) when (group.Count > 1)
        {
            logger.LogWarning(ex, "A commit group of {Requests} requests failed; committing each alone", group.Count);
            foreach (var one in group)
            {
                await CommitAsync([one]);
            }
        }
        catch (Exception ex)
        {
            foreach (var member in group)
            {
                member.Done.TrySetException(ex);
            }
        }
        if (group.Exists(p => p.Done.Task.IsCompletedSuccessfully && p.Done.Task.Result.Count > 0))
        {
            outboxSignal.Notify();
        }
    }

    /// <returns>Per member (in order) the ids it stored.</returns>
    private async Task<IReadOnlySet<Guid>[]> StoreAsync(List<PendingAppend> members)
    {
        var taken = Stopwatch.GetTimestamp();
        foreach (var member in members)
        {
            metrics.Stage(CommitStages.Wait, member.QueuedAt);
        }
        var group = CommitGroup.Of([.. members.Select(p => (p.Tenant, p.Events))]);
        metrics.CommitGroupRequests.Record(group.Parts);
        // Not the callers' tokens: a group commits for all its members, whichever of them stops listening.
        var ct = CancellationToken.None;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var newIds = await TryAppendAllAsync(conn, group, taken, ct) ?? await AppendNewAsync(conn, group, ct);
                return group.Resolve(newIds);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxAttempts)
            {
                // Not expected (keys are taken in one order), but a retry is always safe: nothing was committed.
            }
        }
    }

    /// <summary>
    /// The common case, every event new: plain multi-row inserts of the keys, with the announcements in the same round
    /// trip (written for all events, as a unique violation rolls everything back). Null when a key exists already.
    /// </summary>
    /// <param name="started">When the transaction's work began (Stopwatch timestamp; its key stage counts from there).</param>
    private async Task<Dictionary<string, IReadOnlySet<Guid>>?> TryAppendAllAsync(NpgsqlConnection conn, CommitGroup group, long started, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var all = group.Tenants.ToDictionary(t => t.Tenant, t => t.Ids);
        using var announcements = Announce(group, all);
        // The rows are encoded on another core while PostgreSQL inserts the keys, so the COPY can follow the moment
        // the keys are in (PostgreSQL sat waiting for the service between the two for ~6 % of a transaction).
        var encoding = Task.Run(() => CopyRows.Encode(group, all), CancellationToken.None);
        try
        {
            await using var batch = InsertKeys(conn, tx, group, skipExisting: false);
            announcements.AddTo(batch);
            await batch.ExecuteNonQueryAsync(ct);
            started = metrics.Stage(CommitStages.Keys, started);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            (await encoding).Dispose();
            await tx.RollbackAsync(ct);
            return null;
        }
        catch
        {
            (await encoding).Dispose();
            throw;
        }
        using (var rows = await encoding)
        {
            await rows.CopyAsync(conn, ct);
        }
        started = metrics.Stage(CommitStages.Rows, started);
        await tx.CommitAsync(ct);
        metrics.Stage(CommitStages.Commit, started);
        return all;
    }

    /// <summary>Some events were stored before: claim keys with ON CONFLICT, learning which are new.</summary>
    private async Task<Dictionary<string, IReadOnlySet<Guid>>> AppendNewAsync(NpgsqlConnection conn, CommitGroup group, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var newIds = new Dictionary<string, IReadOnlySet<Guid>>(group.Tenants.Count);
        await using (var batch = InsertKeys(conn, tx, group, skipExisting: true))
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            foreach (var (tenant, _, _, keys) in group.Tenants)
            {
                await reader.NextResultAsync(ct);   // past set_config's row
                var inserted = new HashSet<Guid>(keys.Length);
                while (await reader.ReadAsync(ct))
                {
                    inserted.Add(reader.GetGuid(0));
                }
                newIds[tenant] = inserted;
                await reader.NextResultAsync(ct);
            }
        }
        if (newIds.Values.Any(ids => ids.Count > 0))
        {
            using (var rows = CopyRows.Encode(group, newIds))
            {
                await rows.CopyAsync(conn, ct);
            }
            using var announcements = Announce(group, newIds);
            await using var batch = new NpgsqlBatch(conn, tx);
            announcements.AddTo(batch);
            await batch.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return newIds;
    }

    /// <summary>
    /// Every tenant's key insert, in one batch: per tenant its setting for row-level security (the first statement
    /// of the transaction, travelling with BEGIN) and the insert, in the given (sorted) order. Plain: a unique
    /// violation aborts the statement. With <paramref name="skipExisting"/>: ON CONFLICT DO NOTHING, returning the ids
    /// that were new (a concurrent transaction with the same key waits for ours, then sees a conflict).
    /// </summary>
    private static NpgsqlBatch InsertKeys(NpgsqlConnection conn, NpgsqlTransaction tx, CommitGroup group, bool skipExisting)
    {
        var batch = new NpgsqlBatch(conn, tx);
        foreach (var (tenant, _, _, keys) in group.Tenants)
        {
            var ids = new Guid[keys.Length];
            var occurred = new DateTimeOffset[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                (ids[i], occurred[i]) = keys[i];
            }
            batch.BatchCommands.Add(TenantSession.SetLocal(tenant));
            var insert = new NpgsqlBatchCommand(skipExisting ? InsertNewKeysSql : InsertKeysSql);
            insert.Parameters.AddWithValue("tenant", tenant);
            insert.Parameters.AddWithValue("ids", ids);
            insert.Parameters.AddWithValue("occurred", occurred);
            batch.BatchCommands.Add(insert);
        }
        return batch;
    }

    /// <summary>The new events as binary COPY data, one per month's partition (almost always one), every tenant's rows in it.</summary>
    private sealed class CopyRows : IDisposable
    {
        private readonly List<(DateTimeOffset Month, PooledBuffer Rows)> _months = [];

        public static CopyRows Encode(CommitGroup group, IReadOnlyDictionary<string, IReadOnlySet<Guid>> newIds)
        {
            var parts = group.Tenants
                .Select(t => (t.Tenant, t.Events, newIds[t.Tenant].Count == t.Events.Count ? null : newIds[t.Tenant]))
                .ToList();
            var months = Months(group, newIds);
            var copies = new CopyRows();
            foreach (var month in months)
            {
                copies._months.Add((month, EventRows.Encode(parts, months.Count == 1 ? null : month)));
            }
            return copies;
        }

        public async Task CopyAsync(NpgsqlConnection conn, CancellationToken ct)
        {
            foreach (var (month, rows) in _months)
            {
                await using var copy = await conn.BeginRawBinaryCopyAsync(EventRows.CopyCommandFor(month), ct);
                await copy.WriteAsync(rows.WrittenMemory, ct);
            }
        }

        public void Dispose()
        {
            foreach (var (_, rows) in _months)
            {
                rows.Dispose();
            }
        }

        private static List<DateTimeOffset> Months(CommitGroup group, IReadOnlyDictionary<string, IReadOnlySet<Guid>> newIds)
        {
            var months = new List<DateTimeOffset>(1);
            foreach (var (tenant, events, _, _) in group.Tenants)
            {
                var stored = newIds[tenant];
                foreach (var e in events)
                {
                    var month = EventRows.MonthOf(e.OccurredAt);
                    if (!months.Contains(month) && stored.Contains(e.EventId))
                    {
                        months.Add(month);
                    }
                }
            }
            return months;
        }
    }

    /// <summary>One EventBatchIngested per tenant and ≤ 1000 new events; BatchId = outbox id = MassTransit MessageId.</summary>
    private Announcements Announce(CommitGroup group, IReadOnlyDictionary<string, IReadOnlySet<Guid>> newIds)
    {
        var committedAt = clock.GetUtcNow();
        var announcements = new Announcements();
        foreach (var (tenant, events, _, _) in group.Tenants)
        {
            var ids = newIds[tenant];
            for (var chunk = 0; chunk < BatchAnnouncement.ChunksFor(ids.Count); chunk++)
            {
                var batchId = Guid.NewGuid();
                var payload = new PooledBuffer(Math.Min(ids.Count, EventBatchIngested.MaxEvents) * 200);
                using (var json = new Utf8JsonWriter(payload, EventRows.JsonOptions))
                {
                    BatchAnnouncement.Write(json, batchId, tenant, committedAt, events, ids, chunk * EventBatchIngested.MaxEvents, EventBatchIngested.MaxEvents);
                }
                announcements.Add(batchId, payload);
            }
        }
        return announcements;
    }

    /// <summary>Outbox payloads ready to insert; their buffers go back to the pool on dispose.</summary>
    private sealed class Announcements : IDisposable
    {
        private readonly List<(Guid Id, PooledBuffer Payload)> _items = [];

        public void Add(Guid id, PooledBuffer payload) => _items.Add((id, payload));

        public void AddTo(NpgsqlBatch batch)
        {
            foreach (var (id, payload) in _items)
            {
                batch.BatchCommands.Add(Outbox.EnqueueJsonCommand<EventBatchIngested>(payload.WrittenMemory, id));
            }
        }

        public void Dispose()
        {
            foreach (var (_, payload) in _items)
            {
                payload.Dispose();
            }
        }
    }
}
