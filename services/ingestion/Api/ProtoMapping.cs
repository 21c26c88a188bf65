using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Api;

/// <summary>Domain results → wire messages.</summary>
internal static class ProtoMapping
{
    public static EventResult ToProto(EventOutcome outcome)
    {
        var result = new EventResult
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
        if (outcome.Redactions is { } redactions)
        {
            foreach (var r in redactions)
            {
                result.Redacted.Add(r.ToString());
            }
        }
        return result;
    }

    public static IngestionStats ToProto(TenantStats s)
    {
        var stats = new IngestionStats
        {
            Accepted = s.Accepted,
            Duplicates = s.Duplicates,
            Rejected = s.Rejected,
            RateLimitedRequests = s.RateLimitedRequests,
            LastEventAt = s.LastReceivedAt is { } r ? Timestamp.FromDateTimeOffset(r) : null,
            LastOccurredAt = s.LastOccurredAt is { } o ? Timestamp.FromDateTimeOffset(o) : null,
        };
        stats.RejectedByReason.Add(s.RejectedByReason);
        stats.RedactionsByKind.Add(s.RedactionsByKind);
        return stats;
    }
}
