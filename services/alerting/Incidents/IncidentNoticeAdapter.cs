using Suite.Alerting.Domain;

namespace Suite.Alerting.Incidents;

/// <summary>
/// Lets the existing channels (built for KPI alerts) carry incident notices: the incident becomes an
/// <see cref="AlertNotice"/> whose rule name is the alert name, whose "KPI" is the alert's summary annotation (or
/// its event label) and whose value is the event's probability when there is one. The links point at the incident.
/// </summary>
public static class IncidentNoticeAdapter
{
    public const string ValueAnnotation = "value";

    public static AlertNotice ToAlertNotice(IncidentNotice n) => new(
        n.Kind == IncidentNoticeKind.Firing ? NotificationKind.Firing : NotificationKind.Resolved,
        n.IncidentId,
        n.Tenant,
        Guid.Empty,
        n.AlertName,
        Subject(n),
        Comparison.Above,
        0,
        n.Annotations.TryGetValue(ValueAnnotation, out var text) && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0,
        SeverityOf(n.Severity),
        n.StartedAt,
        n.At,
        n.Fingerprint,
        HasThreshold: false);

    /// <summary>info | warning | critical (any case); anything else reads as warning.</summary>
    public static AlertSeverity SeverityOf(string severity) =>
        Enum.TryParse<AlertSeverity>(severity, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : AlertSeverity.Warning;

    private static string Subject(IncidentNotice n) =>
        n.Annotations.TryGetValue("summary", out var summary) && !string.IsNullOrWhiteSpace(summary) ? summary
        : n.Labels.TryGetValue("event", out var e) ? e
        : n.AlertName;
}
