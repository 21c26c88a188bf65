using Suite.Predictions.Domain;

namespace Suite.Predictions.Features;

/// <summary>What the feature store knows around one login attempt, as read from fs_logins and fs_exports.</summary>
/// <param name="IpSeenBefore">Null when the client sent no ip_hash.</param>
/// <param name="CountrySeenBefore">Null when the event had no country.</param>
/// <param name="FailedLastHour">The user's failed attempts in the hour before this one.</param>
/// <param name="SuccessesLast5Minutes">The user's successful logins in the 5 minutes up to and including this one.</param>
/// <param name="ExportRowsNextHour">The largest export the user requested in the hour from this attempt.</param>
public readonly record struct LoginHistory(
    DateTimeOffset OccurredAt,
    bool Success,
    bool? IpSeenBefore,
    bool? CountrySeenBefore,
    int FailedLastHour,
    int SuccessesLast5Minutes,
    long ExportRowsNextHour);

/// <summary>Login history → threat factors (pure). The thresholds are the product's definitions of the factor names.</summary>
public static class ThreatFactorRules
{
    /// <summary>"Several sessions in under 5 minutes": this many successful logins, this one included.</summary>
    public const int RapidSessions = 3;

    /// <summary>An export of at least this many rows is "large".</summary>
    public const long LargeExportRows = 10_000;

    /// <summary>Business hours, local to the tenant's time zone: Monday to Friday, 08:00 to 18:00.</summary>
    public const int BusinessStartHour = 8;
    public const int BusinessEndHour = 18;

    public static ThreatFactors From(LoginHistory h, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(h.OccurredAt, zone);
        var businessHours = local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
            && local.Hour >= BusinessStartHour && local.Hour < BusinessEndHour;
        return new ThreatFactors(
            NewIp: h.IpSeenBefore == false,
            NewCountry: h.CountrySeenBefore == false,
            FailedThenSuccess: h.Success && h.FailedLastHour > 0,
            RapidSessions: h.Success && h.SuccessesLast5Minutes >= RapidSessions,
            LargeExport: h.ExportRowsNextHour >= LargeExportRows,
            OutsideBusinessHours: !businessHours,
            FailedAttempts1h: h.FailedLastHour);
    }
}
