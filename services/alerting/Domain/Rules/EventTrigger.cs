namespace Suite.Alerting.Domain.Rules;

/// <summary>
/// Rules fired by a domain event instead of a KPI series. Inputs are the events' primitive fields (the names the
/// predictions and metrics services publish), so this stays free of the Contracts types.
/// </summary>
public abstract record EventTrigger
{
    /// <summary>The event type this trigger listens to.</summary>
    public abstract string EventType { get; }
}

/// <summary>ThreatDetected with an action at or above <paramref name="MinimumAction"/> (allow &lt; require_mfa &lt; … &lt; lock_account).</summary>
public sealed record ThreatDetectedTrigger(string MinimumAction = "require_mfa") : EventTrigger
{
    /// <summary>Predictions' ThreatAction names, mildest first.</summary>
    public static IReadOnlyList<string> Actions { get; } = ["allow", "require_mfa", "require_password_reset", "lock_account"];

    public override string EventType => "ThreatDetected";

    /// <summary>An unknown action never matches (a newer publisher's action is not assumed to be severe).</summary>
    public bool Matches(string action)
    {
        var min = Rank(Actions, MinimumAction);
        var rank = Rank(Actions, action);
        return min >= 0 && rank >= min;
    }

    /// <summary>Position on the scale (case-insensitive), −1 when unknown or null.</summary>
    internal static int Rank(IReadOnlyList<string> scale, string? name)
    {
        for (var i = 0; name is not null && i < scale.Count; i++)
        {
            if (string.Equals(scale[i], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>ChurnRiskChanged into <paramref name="MinimumLevel"/> or above from a level below it (low &lt; medium &lt; high &lt; critical).</summary>
public sealed record ChurnRiskChangedTrigger(string MinimumLevel = "critical") : EventTrigger
{
    public static IReadOnlyList<string> Levels { get; } = ["low", "medium", "high", "critical"];

    public override string EventType => "ChurnRiskChanged";

    /// <summary>
    /// Only the crossing matches: high → critical does, critical → critical (a re-score) does not. An unknown or empty
    /// <paramref name="fromLevel"/> counts as below (a first score straight into critical matches); an unknown
    /// <paramref name="toLevel"/> never matches.
    /// </summary>
    public bool Matches(string? fromLevel, string toLevel)
    {
        var min = ThreatDetectedTrigger.Rank(Levels, MinimumLevel);
        var to = ThreatDetectedTrigger.Rank(Levels, toLevel);
        var from = ThreatDetectedTrigger.Rank(Levels, fromLevel);
        return min >= 0 && to >= min && from < min;
    }
}

/// <summary>An account's health score crossing from ≥ <paramref name="Threshold"/> to &lt; it (metrics' "critical" band is below 40).</summary>
public sealed record HealthScoreCrossedTrigger(double Threshold = 40) : EventTrigger
{
    public override string EventType => "HealthScoreCrossed";

    /// <summary>No previous score (a new account) is no crossing: the account was never seen healthy.</summary>
    public bool Matches(double? previousScore, double currentScore) =>
        previousScore is { } before && before >= Threshold && currentScore < Threshold;
}
