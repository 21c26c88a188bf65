namespace Suite.Alerting.Domain;

public enum Comparison
{
    Above,
    Below,
}

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>What makes a rule breach: the part of a rule the decision function needs.</summary>
public sealed record AlertCondition(Comparison Comparison, double Threshold, long MinSamples);

/// <summary>A validated threshold rule of one tenant.</summary>
public sealed record AlertRule(
    Guid Id,
    string Tenant,
    string Name,
    string Kpi,
    IReadOnlyDictionary<string, string> Filters,
    Comparison Comparison,
    double Threshold,
    int WindowSeconds,
    AlertSeverity Severity,
    IReadOnlyList<string> EmailTo,
    string? SlackWebhookUrl,
    long MinSamples,
    DateTimeOffset CreatedAt)
{
    public AlertCondition Condition => new(Comparison, Threshold, MinSamples);

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
