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

/// <summary>
/// Predictions' features and interventions in a few words, so a table row fits a page. Features are named by how they
/// raise the risk (only those with a positive contribution are listed): a long time since the last login reads
/// "inactivity", a low login count "few logins".
/// </summary>
public static class RiskWording
{
    public static string Action(IReadOnlyList<string> interventions) =>
        interventions.Count == 0 ? "review the account" : string.Join(", ", interventions.Select(InterventionName));

    public static string InterventionName(string code) => code switch
    {
        "re_engagement_email" => "win-back email",
        "personal_call" => "personal call",
        "onboarding_session" => "onboarding",
        "support_escalation" => "escalate tickets",
        _ => code.Replace('_', ' '),
    };

    public static string FeatureName(string feature) => feature switch
    {
        "days_since_last_login" => "inactivity",
        "logins_30d" => "few logins",
        "sessions_7d" => "few sessions",
        "open_tickets" => "open tickets",
        "email_engagement" => "low email clicks",
        "tenure_days" => "short tenure",
        "feature_adoption" => "low adoption",
        _ => feature.Replace('_', ' '),
    };

    public static string Features(IReadOnlyList<string> features) =>
        features.Count == 0 ? "n/a" : string.Join(", ", features.Select(FeatureName));
}
