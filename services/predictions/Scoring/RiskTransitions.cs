using Suite.Predictions.Domain;

namespace Suite.Predictions.Scoring;

/// <summary>When a churn score is worth announcing: only a move up (an account never scored counts as low).</summary>
public static class RiskTransitions
{
    public static bool IsEscalation(ChurnRiskLevel? previous, ChurnRiskLevel current) => current > (previous ?? ChurnRiskLevel.Low);
}
