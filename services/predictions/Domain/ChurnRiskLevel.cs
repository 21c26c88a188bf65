namespace Suite.Predictions.Domain;

public enum ChurnRiskLevel
{
    Low,
    Medium,
    High,
    Critical,
}

public static class RiskLevels
{
    /// <summary>Thresholds of the product: &lt; 0.2 low, &lt; 0.5 medium, &lt; 0.8 high, else critical.</summary>
    public static ChurnRiskLevel For(double probability)
    {
        if (double.IsNaN(probability) || probability < 0 || probability > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in [0, 1]");
        }
        return probability switch
        {
            < 0.2 => ChurnRiskLevel.Low,
            < 0.5 => ChurnRiskLevel.Medium,
            < 0.8 => ChurnRiskLevel.High,
            _ => ChurnRiskLevel.Critical,
        };
    }

    /// <summary>Lower-case name used in metric tags and events ("low", "medium", "high", "critical").</summary>
    public static string Name(this ChurnRiskLevel level) => level switch
    {
        ChurnRiskLevel.Low => "low",
        ChurnRiskLevel.Medium => "medium",
        ChurnRiskLevel.High => "high",
        ChurnRiskLevel.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };
}
