namespace Suite.Predictions.Domain;

/// <summary>
/// The known churn model behind the generated training data: a logistic function of the seven features. Knowing the
/// true probabilities lets tests compare a trained model with the best any model could do (the Bayes-optimal AUC).
/// </summary>
public static class ChurnGroundTruth
{
    public const double Intercept = -0.4;

    /// <summary>Weights per feature, in <see cref="ChurnFeatureVector.ToArray"/> order.</summary>
    public static readonly IReadOnlyList<double> Weights =
    [
        0.07,    // days_since_last_login: every idle day raises the odds
        -0.04,   // logins_30d
        -0.09,   // sessions_7d
        0.45,    // open_tickets: unresolved trouble drives churn
        -1.6,    // email_engagement
        -0.0012, // tenure_days: long-standing accounts stay
        -2.2,    // feature_adoption
    ];

    public static double Logit(ChurnFeatureVector features)
    {
        var values = features.ToArray();
        var z = Intercept;
        for (var i = 0; i < values.Length; i++)
        {
            z += Weights[i] * values[i];
        }
        return z;
    }

    public static double Probability(ChurnFeatureVector features) => 1.0 / (1.0 + Math.Exp(-Logit(features)));
}
