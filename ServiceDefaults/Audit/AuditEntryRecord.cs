namespace Suite.ServiceDefaults.Audit;

/// <summary>One audit row: who (subject, tenant, roles), what (method, summary), when, result and duration.</summary>
public sealed record AuditRecord(
    DateTimeOffset At, string Tenant, string Subject, IReadOnlyList<string> Roles, string Method, string Summary, string Status, double DurationMs);

/// <summary>A stored row (with its id, the page key).</summary>
public sealed record StoredAuditRecord(long Id, AuditRecord Record);

/// <summary>A page query, already validated: the tenant comes from the caller's token, never the request.</summary>
public sealed record AuditQuery(string Tenant, DateTimeOffset? From, DateTimeOffset? To, string? Subject, string? Method, int PageSize, long? BeforeId);
