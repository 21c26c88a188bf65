namespace Suite.Predictions.Domain;

public enum ThreatLevel
{
    Low,
    Medium,
    High,
    Critical,
}

public static class ThreatLevels
{
    /// <summary>Bands of the rule-based <see cref="ThreatFactors.RiskScore"/>: 0–30 low, 31–60 medium, 61–100 high, above 100 critical.</summary>
    public static ThreatLevel For(int score)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(score);
        return score switch
        {
            <= 30 => ThreatLevel.Low,
            <= 60 => ThreatLevel.Medium,
            <= 100 => ThreatLevel.High,
            _ => ThreatLevel.Critical,
        };
    }

    /// <summary>Lower-case name for metric tags and events.</summary>
    public static string Name(this ThreatLevel level) => level switch
    {
        ThreatLevel.Low => "low",
        ThreatLevel.Medium => "medium",
        ThreatLevel.High => "high",
        ThreatLevel.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };
}
