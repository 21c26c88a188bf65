namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// One account at churn risk as predictions records it: probability, level ("high", "critical"…), since when it has
/// been at that level (null when unknown), the features that raise its risk most and the recommended interventions
/// (predictions' codes: re_engagement_email, personal_call, onboarding_session, support_escalation).
/// </summary>
public sealed record AtRiskAccount(
    string AccountId,
    double Probability,
    string Level,
    DateTimeOffset? LevelSince,
    IReadOnlyList<string> TopFeatures,
    IReadOnlyList<string> Interventions);

/// <summary>How many accounts are at each level (all of them, not only those listed).</summary>
public sealed record RiskCounts(long Critical, long High)
{
    public long Total => Critical + High;
}

/// <summary>Short names of predictions' interventions and features, for tables that must fit a page.</summary>
public static class RiskWording
{
    public static string Action(IReadOnlyList<string> interventions) =>
        interventions.Count == 0 ? "Review the account" : string.Join(", ", interventions.Select(InterventionName));

    public static string InterventionName(string code) => code switch
    {
        "re_engagement_email" => "re-engagement email",
        "personal_call" => "personal call",
        "onboarding_session" => "onboarding session",
        "support_escalation" => "escalate tickets",
        _ => code,
    };

    /// <summary>"days_since_last_login" → "days since last login".</summary>
    public static string FeatureName(string feature) => feature.Replace('_', ' ');

    public static string Features(IReadOnlyList<string> features) =>
        features.Count == 0 ? "n/a" : string.Join(", ", features.Select(FeatureName));
}
