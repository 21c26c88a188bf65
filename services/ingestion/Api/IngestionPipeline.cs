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

    public async Task<BatchAck> CommitAsync(PreparedBatch batch, CancellationToken ct)
    {
        var outcomes = await StoreAsync(batch, ct);
        var ack = new BatchAck { BatchId = batch.BatchId };
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
        var outcomes = await StoreAsync(new PreparedBatch(tenant, "", BatchTriage.Plan([e.EventId], [validation]), receivedAt), ct);
        return new TrackResponse { Result = ProtoMapping.ToProto(outcomes[0]) };
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

    private async Task<IReadOnlyList<EventOutcome>> StoreAsync(PreparedBatch batch, CancellationToken ct)
    {
        var candidates = batch.Triage.Candidates;
        var stored = await store.AppendAsync(batch.Tenant, candidates, ct);
        var outcomes = batch.Triage.Resolve(stored);
        DateTimeOffset? lastOccurred = null;
        foreach (var e in candidates)
        {
            if ((lastOccurred is null || e.OccurredAt > lastOccurred) && stored.Contains(e.EventId))
            {
                lastOccurred = e.OccurredAt;
            }
        }
        Record(batch.Tenant, outcomes, batch.ReceivedAt, lastOccurred);
        return outcomes;
    }

    private void Record(string tenant, IReadOnlyList<EventOutcome> outcomes, DateTimeOffset receivedAt, DateTimeOffset? lastOccurredAt)
    {
        metrics.Record(outcomes);
        stats.Record(tenant, outcomes, receivedAt, lastOccurredAt);
    }
}
