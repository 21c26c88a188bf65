using Suite.Ingestion.Domain.Privacy;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Domain;

/// <summary>Violations and redactions of one event; allocates only when there is something to report.</summary>
internal struct ValidationProblems
{
    public List<FieldViolation>? List;
    public string? FirstCode;
    public bool ExceedsLimit;
    public List<Redaction>? Redactions;

    public void Add(string field, string description, string? code = null, bool limit = false)
    {
        (List ??= []).Add(new FieldViolation(field, description));
        FirstCode ??= code ?? field;
        ExceedsLimit |= limit;
    }

    public void Redacted(string field, PersonalDataKind kind) => (Redactions ??= []).Add(new Redaction(field, kind));
}
