namespace Suite.Predictions.Domain;

/// <summary>What is known about one login attempt when deciding whether the account is compromised.</summary>
/// <param name="NewIp">The IP address has not been seen for this user.</param>
/// <param name="NewCountry">The country has not been seen for this user.</param>
/// <param name="FailedThenSuccess">Failed attempts preceded this successful one.</param>
/// <param name="RapidSessions">Several sessions were opened within 5 minutes.</param>
/// <param name="LargeExport">The session exported an unusually large amount of data.</param>
/// <param name="OutsideBusinessHours">The attempt falls outside the tenant's business hours.</param>
/// <param name="FailedAttempts1h">Failed attempts for this user in the last hour.</param>
public readonly record struct ThreatFactors(
    bool NewIp,
    bool NewCountry,
    bool FailedThenSuccess,
    bool RapidSessions,
    bool LargeExport,
    bool OutsideBusinessHours,
    double FailedAttempts1h)
{
    /// <summary>Field names, in the same order as <see cref="ToArray"/>.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "new_ip", "new_country", "failed_then_success", "rapid_sessions", "large_export", "outside_business_hours",
        "failed_attempts_1h",
    ];

    /// <summary>
    /// Rule-based score of the product (0 – 105): 20 new IP + 30 new country + 10 failed-then-success + 25 rapid
    /// sessions + 15 large export + 5 outside business hours. Failed attempts are left to the model.
    /// </summary>
    public int RiskScore =>
        (NewIp ? 20 : 0) + (NewCountry ? 30 : 0) + (FailedThenSuccess ? 10 : 0) + (RapidSessions ? 25 : 0)
        + (LargeExport ? 15 : 0) + (OutsideBusinessHours ? 5 : 0);

    /// <summary>Flags as 0/1, then the failed-attempt count.</summary>
    public double[] ToArray() =>
        [B(NewIp), B(NewCountry), B(FailedThenSuccess), B(RapidSessions), B(LargeExport), B(OutsideBusinessHours), FailedAttempts1h];

    private static double B(bool flag) => flag ? 1 : 0;
}
