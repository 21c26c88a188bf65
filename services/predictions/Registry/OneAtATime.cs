namespace Suite.Predictions.Registry;

using FeatureContribution = Suite.Predictions.Domain.FeatureContribution;

/// <summary>
/// Contributions for any model: logit(p(x)) − logit(p(x with feature i at its training mean)), largest first — the
/// same rule as ChurnExplainer, over a plain vector.
/// </summary>
public static class OneAtATime
{
    public static IReadOnlyList<FeatureContribution> Explain(Func<double[], double> probability, double[] values, IReadOnlyList<string> names,
        IReadOnlyList<double> means, int top)
    {
        var logit = Logit(probability(values));
        var contributions = new FeatureContribution[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var atMean = (double[])values.Clone();
            atMean[i] = means[i];
            contributions[i] = new FeatureContribution(names[i], values[i], logit - Logit(probability(atMean)));
        }
        return contributions.OrderByDescending(c => Math.Abs(c.Contribution)).Take(top).ToList();
    }

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-15, 1 - 1e-15);
        return Math.Log(q / (1 - q));
    }
}
