namespace Suite.Alerting.Domain;

public enum NotificationKind
{
    Firing,
    Resolved,
}

/// <summary>
/// An alert that started or stopped firing in this evaluation: the input of the notification pipeline.
/// <paramref name="At"/> is the cycle's <c>now</c> (start time when firing, resolve time when resolved).
/// </summary>
public sealed record AlertTransition(
    NotificationKind Kind,
    AlertRule Rule,
    Guid AlertId,
    string Fingerprint,
    double Value,
    DateTimeOffset StartedAt,
    DateTimeOffset At)
{
    /// <summary>What every message about this transition says, fixed now so a retry hours later says the same.</summary>
    public AlertNotice Notice() => new(
        Kind,
        AlertId,
        Rule.Tenant,
        Rule.Id,
        Rule.Name,
        Rule.Kpi,
        Rule.Comparison,
        Rule.Threshold,
        Value,
        Rule.Severity,
        StartedAt,
        At,
        Fingerprint);
}

/// <summary>The content of one notification, stored with it (payload) and rendered by each channel.</summary>
public sealed record AlertNotice(
    NotificationKind Kind,
    Guid AlertId,
    string Tenant,
    Guid RuleId,
    string RuleName,
    string Kpi,
    Comparison Comparison,
    double Threshold,
    double Value,
    AlertSeverity Severity,
    DateTimeOffset StartedAt,
    DateTimeOffset At,
    string Fingerprint,
    bool HasThreshold = true);

public static class NotificationChannels
{
    public const string Slack = "slack";
    public const string Email = "email";
}
