namespace Suite.Alerting.Domain;

/// <summary>
/// A rule as the caller sent it, before validation. Enum fields are null when the caller's value is not one we
/// accept (unset or unknown), so the validator can name the field.
/// </summary>
public sealed record RuleDraft(
    string Name,
    string Kpi,
    IReadOnlyDictionary<string, string> Filters,
    Comparison? Comparison,
    double Threshold,
    int WindowSeconds,
    AlertSeverity? Severity,
    IReadOnlyList<string> EmailTo,
    string SlackWebhookUrl,
    long MinSamples);
