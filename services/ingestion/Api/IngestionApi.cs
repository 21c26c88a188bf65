using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Api;

/// <summary>
/// gRPC (and JSON: POST /v1/events, /v1/batch) entry point. Validation is per event; the tenant comes from the
/// token; the answer is sent only after the transaction holding the events and their outbox message commits.
/// </summary>
public sealed class IngestionApi(EventValidator validator, EventStore store, IngestionMetrics metrics, TimeProvider clock)
    : Contracts.Ingestion.V1.Ingestion.IngestionBase
{
    public override async Task<TrackResponse> Track(Event request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var validation = validator.Validate(request, clock.GetUtcNow());
        if (!validation.IsValid)
        {
            metrics.Record([new EventOutcome(request.EventId, OutcomeKind.Rejected, validation.Violations[0].Field)]);
            throw GrpcErrors.InvalidArgument(validation.Violations);
        }
        var outcomes = await StoreAsync(tenant, [request.EventId], [validation], context.CancellationToken);
        return new TrackResponse { Result = ToProto(outcomes[0]) };
    }

    public override async Task<BatchAck> TrackBatch(EventBatch request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        if (request.Events.Count == 0)
        {
            throw GrpcErrors.InvalidArgument("events", "must contain at least one event");
        }
        if (request.Events.Count > EventLimits.MaxBatchEvents)
        {
            throw GrpcErrors.InvalidArgument("events", $"must contain at most {EventLimits.MaxBatchEvents} events (got {request.Events.Count})");
        }
        if (request.BatchId.Length > EventLimits.MaxBatchIdLength)
        {
            throw GrpcErrors.InvalidArgument("batch_id", $"must be at most {EventLimits.MaxBatchIdLength} characters");
        }

        var receivedAt = clock.GetUtcNow();
        var validations = request.Events.Select(e => validator.Validate(e, receivedAt)).ToList();
        var outcomes = await StoreAsync(tenant, request.Events.Select(e => e.EventId).ToList(), validations, context.CancellationToken);

        var ack = new BatchAck { BatchId = request.BatchId };
        foreach (var outcome in outcomes)
        {
            ack.Results.Add(ToProto(outcome));
            switch (outcome.Kind)
            {
                case OutcomeKind.Accepted: ack.Accepted++; break;
                case OutcomeKind.Duplicate: ack.Duplicates++; break;
                default: ack.Rejected++; break;
            }
        }
        return ack;
    }

    private async Task<IReadOnlyList<EventOutcome>> StoreAsync(string tenant, IReadOnlyList<string> eventIds, IReadOnlyList<EventValidation> validations, CancellationToken ct)
    {
        var triage = BatchTriage.Plan(eventIds, validations);
        var stored = await store.AppendAsync(tenant, triage.Candidates, ct);
        var outcomes = triage.Resolve(stored);
        metrics.Record(outcomes);
        return outcomes;
    }

    private static EventResult ToProto(EventOutcome outcome) => new()
    {
        EventId = outcome.EventId,
        Outcome = outcome.Kind switch
        {
            OutcomeKind.Accepted => EventResult.Types.Outcome.Accepted,
            OutcomeKind.Duplicate => EventResult.Types.Outcome.Duplicate,
            _ => EventResult.Types.Outcome.Rejected,
        },
        Field = outcome.Field ?? "",
        Reason = outcome.Reason ?? "",
    };
}
