using Suite.Predictions.Domain;

namespace Suite.Predictions.Features;

/// <summary>An account's facts as of an instant, as read from the fs_ tables (windows end at that instant).</summary>
public readonly record struct AccountActivity(
    DateTimeOffset FirstSeen,
    DateTimeOffset? LastLogin,
    int Logins30d,
    int Sessions7d,
    int OpenTickets,
    int NotificationsSent30d,
    int NotificationsClicked30d,
    int FeaturesUsed,
    int TenantFeatures);

/// <summary>Account activity → the churn feature vector (pure).</summary>
public static class ChurnFeatureDerivation
{
    /// <summary>Engagement of an account that was sent nothing in 30 days: unknown, so neither good nor bad.</summary>
    public const double UnknownEngagement = 0.5;

    public static ChurnFeatureVector From(AccountActivity a, DateTimeOffset asOf)
    {
        var tenure = Math.Max(0, (asOf - a.FirstSeen).TotalDays);
        return new ChurnFeatureVector(
            DaysSinceLastLogin: a.LastLogin is { } last ? Math.Max(0, (asOf - last).TotalDays) : tenure,
            Logins30d: a.Logins30d,
            Sessions7d: a.Sessions7d,
            OpenTickets: a.OpenTickets,
            EmailEngagement: a.NotificationsSent30d == 0 ? UnknownEngagement : Math.Min(1, (double)a.NotificationsClicked30d / a.NotificationsSent30d),
            TenureDays: tenure,
            // Share of the features anyone in the tenant uses that this account has used.
            FeatureAdoption: a.TenantFeatures == 0 ? 0 : Math.Min(1, (double)a.FeaturesUsed / a.TenantFeatures));
    }
}
