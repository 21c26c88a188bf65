using Suite.Alerting.Domain.Escalation;

namespace Suite.Alerting.Incidents;

/// <summary>How incident states are spelled in the database and the API.</summary>
public static class IncidentStates
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    public static bool IsKnown(string? state) => state is Firing or Acknowledged or Resolved;
}

/// <summary>An incident row: the alert, where it was routed, its policy (as of the start) and its escalation state.</summary>
public sealed record Incident(
    Guid Id,
    string Tenant,
    string Fingerprint,
    string AlertName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string Severity,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string RoutePath,
    EscalationPolicy Policy,
    FiredStep? LastFired,
    DateTimeOffset? NextDueAt,
    IncidentGrouping? Grouping = null)
{
    /// <summary>
    /// The escalation state the pure decisions run on. The acknowledgement stays on the row after an ack timeout
    /// re-opened the incident: <see cref="EscalationDecisions.Next"/> needs it to keep the re-open instant.
    /// </summary>
    public EscalationState Escalation => new(StartedAt, LastFired, AcknowledgedAt, ResolvedAt);
}

/// <summary>
/// The Alertmanager group an incident notifies in (its route has group_by), as of the start: the group key (route
/// path and group labels), the group labels, and the route's group_wait and group_interval.
/// </summary>
public sealed record IncidentGrouping(string Key, IReadOnlyDictionary<string, string> Labels, TimeSpan Wait, TimeSpan Interval);

/// <summary>What one incident notification says, fixed when it was planned (the payload of a delivery row).</summary>
public sealed record IncidentNotice(
    IncidentNoticeKind Kind,
    Guid IncidentId,
    string Tenant,
    string AlertName,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string Fingerprint,
    DateTimeOffset StartedAt,
    DateTimeOffset At)
{
    public static IncidentNotice Of(Incident incident, IncidentNoticeKind kind, DateTimeOffset at) => new(
        kind, incident.Id, incident.Tenant, incident.AlertName, incident.Severity, incident.Labels, incident.Annotations,
        incident.Fingerprint, incident.StartedAt, at);
}

public enum IncidentNoticeKind
{
    Firing,
    Resolved,
}
