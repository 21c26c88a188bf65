namespace Suite.Predictions.Domain;

/// <summary>
/// The known compromise model behind the generated login data: a logistic function of the factors. As for churn,
/// knowing the true probabilities lets tests compare a trained model with the best any model could do.
/// </summary>
public static class ThreatGroundTruth
{
    /// <summary>An unremarkable login (no flag, no failed attempt) is compromised about 2 % of the time.</summary>
    public const double Intercept = -3.9;

    /// <summary>Weights per factor, in <see cref="ThreatFactors.ToArray"/> order.</summary>
    public static readonly IReadOnlyList<double> Weights =
    [
        1.3, // new_ip
        1.6, // new_country: the strongest single signal
        1.2, // failed_then_success: a guessed password
        1.5, // rapid_sessions: scripted access
        1.0, // large_export: data exfiltration
        0.5, // outside_business_hours: weak alone, common for honest users too
        0.3, // failed_attempts_1h: per attempt
    ];

    public static double Logit(ThreatFactors factors)
    {
        var values = factors.ToArray();
        var z = Intercept;
        for (var i = 0; i < values.Length; i++)
        {
            z += Weights[i] * values[i];
        }
        return z;
    }

    public static double Probability(ThreatFactors factors) => 1.0 / (1.0 + Math.Exp(-Logit(factors)));
}
