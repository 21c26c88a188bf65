using Suite.Ingestion.Domain.Privacy;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Domain;

/// <summary>The outcome of validating one event: a normalised event, or the reasons it was refused.</summary>
public sealed record EventValidation(ValidatedEvent? Event, IReadOnlyList<FieldViolation> Violations)
{
    public bool IsValid => Event is not null;

    /// <summary>For rejections: bounded reason code of the first violation (metric label, stats key).</summary>
    public string? Code { get; init; }

    /// <summary>For rejections: a configured limit was exceeded (RESOURCE_EXHAUSTED for a single event).</summary>
    public bool ExceedsLimit { get; init; }

    /// <summary>For valid events: the personal data that was masked.</summary>
    public IReadOnlyList<Redaction> Redactions { get; init; } = [];

    public static EventValidation Reject(string field, string description, string code, bool exceedsLimit = false) =>
        new(null, [new FieldViolation(field, description)]) { Code = code, ExceedsLimit = exceedsLimit };
}
