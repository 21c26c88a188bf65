using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Limits;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Api;

/// <summary>A batch that passed the request checks and was validated: ready to be stored.</summary>
public sealed record PreparedBatch(string Tenant, string BatchId, BatchTriage Triage, DateTimeOffset ReceivedAt);

/// <summary>
/// The path every API shares: request checks (count, bytes, rate) → per-event size check and validation →
/// store (one transaction) → metrics and stats → answer. Preparing (CPU) and committing (database) are separate
/// steps so a stream can prepare the next batch while the previous one commits.
/// </summary>
public sealed class IngestionPipeline(
    EventValidator validator,
    RequestLimits limits,
    TenantPolicies policies,
    TenantRateLimiter rateLimiter,
    EventStore store,
    CommitQueue commits,
    StatsBuffer stats,
    IngestionMetrics metrics,
    TimeProvider clock)
{
    /// <exception cref="RpcException">INVALID_ARGUMENT (empty, too many events, bad batch_id) or RESOURCE_EXHAUSTED (bytes, rate).</exception>
    public PreparedBatch Prepare(string tenant, EventBatch batch, string api)
    {
        if (batch.Events.Count == 0)
        {
            throw GrpcErrors.InvalidArgument("events", "must contain at least one event");
        }
        if (batch.Events.Count > EventLimits.MaxBatchEvents)
        {
            throw GrpcErrors.InvalidArgument("events", $"must contain at most {EventLimits.MaxBatchEvents} events (got {batch.Events.Count})");
        }
        if (batch.BatchId.Length > EventLimits.MaxBatchIdLength)
        {
            throw GrpcErrors.InvalidArgument("batch_id", $"must be at most {EventLimits.MaxBatchIdLength} characters");
        }
        var events = batch.Events;
        var sizes = new int[events.Count];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = events[i].CalculateSize();
        }
        if (limits.BatchTooLarge(RequestLimits.BatchSize(batch.BatchId, sizes)) is { } size)
        {
            metrics.Oversized(api);
            throw LimitErrors.TooLarge("events", $"the batch is {size} bytes encoded; at most {limits.MaxBatchBytes} are allowed: split it");
        }
        TakeTokens(tenant, events.Count, api);

        var receivedAt = clock.GetUtcNow();
        var privacy = policies.PrivacyFor(tenant);
        var ids = new string[events.Count];
        var validations = new EventValidation[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            ids[i] = e.EventId;
            validations[i] = limits.CheckEventSize(sizes[i]) ?? validator.Validate(e, receivedAt, privacy);
        }
        return new PreparedBatch(tenant, batch.BatchId, BatchTriage.Plan(ids, validations), receivedAt);
    }

    /// <summary>Events a stream gathers into one store request from batches that queued during its previous commit.</summary>
    public int MaxCommitEvents => commits.MaxGroupEvents;

    public async Task<BatchAck> CommitAsync(PreparedBatch batch, CancellationToken ct) => (await CommitAsync([batch], ct))[0];

    /// <summary>One tenant's batches in one store request; an ack per batch, in order.</summary>
    public async Task<IReadOnlyList<BatchAck>> CommitAsync(IReadOnlyList<PreparedBatch> batches, CancellationToken ct)
    {
        var acks = new List<BatchAck>(batches.Count);
        foreach (var outcomes in await StoreAsync(batches, ct))
        {
            acks.Add(ToAck(outcomes.BatchId, outcomes.Outcomes));
        }
        return acks;
    }

    private static BatchAck ToAck(string batchId, IReadOnlyList<EventOutcome> outcomes)
    {
        var ack = new BatchAck { BatchId = batchId };
        foreach (var outcome in outcomes)
        {
            ack.Results.Add(ProtoMapping.ToProto(outcome));
            switch (outcome.Kind)
            {
                case OutcomeKind.Accepted: ack.Accepted++; break;
                case OutcomeKind.Duplicate: ack.Duplicates++; break;
                default: ack.Rejected++; break;
            }
        }
        return ack;
    }

    /// <exception cref="RpcException">INVALID_ARGUMENT for a bad event, RESOURCE_EXHAUSTED for its size or the rate.</exception>
    public async Task<TrackResponse> TrackAsync(string tenant, Event e, CancellationToken ct)
    {
        TakeTokens(tenant, 1, "track");
        var receivedAt = clock.GetUtcNow();
        var validation = limits.CheckEvent(e) ?? validator.Validate(e, receivedAt, policies.PrivacyFor(tenant));
        if (!validation.IsValid)
        {
            var rejected = BatchTriage.Plan([e.EventId], [validation]).Resolve(new HashSet<Guid>());
            Record(tenant, rejected, receivedAt, lastOccurredAt: null);
            if (validation.ExceedsLimit)
            {
                metrics.Oversized("track");
                throw LimitErrors.TooLarge(validation.Violations);
            }
            throw GrpcErrors.InvalidArgument(validation.Violations);
        }
        var stored = await StoreAsync([new PreparedBatch(tenant, "", BatchTriage.Plan([e.EventId], [validation]), receivedAt)], ct);
        return new TrackResponse { Result = ProtoMapping.ToProto(stored[0].Outcomes[0]) };
    }

    private void TakeTokens(string tenant, int events, string api)
    {
        if (rateLimiter.TryAcquire(tenant, events) is { } retryAfter)
        {
            metrics.RateLimited(api);
            stats.RecordRateLimited(tenant);
            throw LimitErrors.RateLimited(tenant, events, retryAfter, policies.RateLimitFor(tenant).EventsPerSecond);
        }
    }

    /// <summary>
    /// Stores the batches' candidates as one request (they share a tenant); an id in several of them is stored by the
    /// first, and is a duplicate for the later ones, as if they had been committed one after the other.
    /// </summary>
    private async Task<List<(string BatchId, IReadOnlyList<EventOutcome> Outcomes)>> StoreAsync(IReadOnlyList<PreparedBatch> batches, CancellationToken ct)
    {
        var tenant = batches[0].Tenant;
        var candidates = batches.Count == 1 ? batches[0].Triage.Candidates : [.. batches.SelectMany(b => b.Triage.Candidates)];
        var stored = await store.AppendAsync(tenant, candidates, ct);
        var claimed = batches.Count == 1 ? null : new HashSet<Guid>();
        var results = new List<(string, IReadOnlyList<EventOutcome>)>(batches.Count);
        foreach (var batch in batches)
        {
            var mine = stored;
            if (claimed is not null)
            {
                mine = batch.Triage.Candidates.Select(e => e.EventId).Where(id => stored.Contains(id) && claimed.Add(id)).ToHashSet();
            }
            var outcomes = batch.Triage.Resolve(mine);
            DateTimeOffset? lastOccurred = null;
            foreach (var e in batch.Triage.Candidates)
            {
                if ((lastOccurred is null || e.OccurredAt > lastOccurred) && mine.Contains(e.EventId))
                {
                    lastOccurred = e.OccurredAt;
                }
            }
            Record(tenant, outcomes, batch.ReceivedAt, lastOccurred);
            results.Add((batch.BatchId, outcomes));
        }
        return results;
    }

    private void Record(string tenant, IReadOnlyList<EventOutcome> outcomes, DateTimeOffset receivedAt, DateTimeOffset? lastOccurredAt)
    {
        metrics.Record(outcomes);
        stats.Record(tenant, outcomes, receivedAt, lastOccurredAt);
    }
}
