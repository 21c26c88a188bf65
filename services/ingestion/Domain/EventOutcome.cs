using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Domain;

public enum OutcomeKind
{
    Accepted,
    Duplicate,
    Rejected,
}

/// <summary>What happened to one event of a request.</summary>
/// <param name="EventId">As the client sent it (a rejected id may not be a UUID).</param>
/// <param name="Field">For rejections: the first offending proto field.</param>
/// <param name="Code">For rejections: the bounded reason code (metric label, stats key): the field, or pii_email, event_too_large ...</param>
/// <param name="Redactions">For stored events: what was masked.</param>
public sealed record EventOutcome(
    string EventId,
    OutcomeKind Kind,
    string? Field = null,
    string? Reason = null,
    string? Code = null,
    IReadOnlyList<Redaction>? Redactions = null);
