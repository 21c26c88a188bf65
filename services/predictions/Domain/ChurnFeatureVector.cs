namespace Suite.Predictions.Domain;

/// <summary>The seven churn features of one account (suite.predictions.v1.ChurnFeatures, in proto order).</summary>
public readonly record struct ChurnFeatureVector(
    double DaysSinceLastLogin,
    double Logins30d,
    double Sessions7d,
    double OpenTickets,
    double EmailEngagement,
    double TenureDays,
    double FeatureAdoption)
{
    /// <summary>Proto field names, in the same order as <see cref="ToArray"/>.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "days_since_last_login", "logins_30d", "sessions_7d", "open_tickets", "email_engagement", "tenure_days", "feature_adoption",
    ];

    public double[] ToArray() =>
        [DaysSinceLastLogin, Logins30d, Sessions7d, OpenTickets, EmailEngagement, TenureDays, FeatureAdoption];
}
