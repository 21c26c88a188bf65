namespace Suite.Predictions.Domain;

/// <summary>How much one feature moves a prediction, in log-odds; positive raises the predicted probability.</summary>
public sealed record FeatureContribution(string Feature, double Value, double Contribution);

/// <summary>
/// Model-agnostic explanation of one churn score: for each feature, logit(p(x)) − logit(p(x with that feature at its
/// training mean)), i.e. how far this account's value moves the log-odds away from an average account's. For a
/// logistic regression this is exactly w·(x − mean); for trees it is a one-at-a-time approximation.
/// </summary>
public static class ChurnExplainer
{
    /// <summary>Probabilities of several feature vectors at once (a model can score them all on one engine).</summary>
    public delegate void Probabilities(ReadOnlySpan<ChurnFeatureVector> rows, Span<double> probabilities);

    public static IReadOnlyList<FeatureContribution> Explain(
        Func<ChurnFeatureVector, double> probability, ChurnFeatureVector x, IReadOnlyList<double> means, int top = 3) =>
        Explain((rows, p) =>
        {
            for (var i = 0; i < rows.Length; i++)
            {
                p[i] = probability(rows[i]);
            }
        }, x, means, top);

    public static IReadOnlyList<FeatureContribution> Explain(
        Probabilities probabilities, ChurnFeatureVector x, IReadOnlyList<double> means, int top = 3)
    {
        var values = x.ToArray();
        if (means.Count != values.Length)
        {
            throw new ArgumentException($"expected {values.Length} feature means, got {means.Count}", nameof(means));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(top);

        // The account itself, then one copy per feature with that feature at its mean, scored in one go: this runs
        // on every explained single call, so no array or engine per evaluation.
        Span<ChurnFeatureVector> rows = stackalloc ChurnFeatureVector[values.Length + 1];
        Span<double> p = stackalloc double[values.Length + 1];
        rows[0] = x;
        for (var i = 0; i < values.Length; i++)
        {
            var own = values[i];
            values[i] = means[i];
            rows[i + 1] = ToVector(values);
            values[i] = own;
        }
        probabilities(rows, p);

        var logit = Logit(p[0]);
        var contributions = new FeatureContribution[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            contributions[i] = new FeatureContribution(ChurnFeatureVector.FieldNames[i], values[i], logit - Logit(p[i + 1]));
        }
        // OrderBy is stable: equal magnitudes keep proto order, so the answer is deterministic.
        return contributions.OrderByDescending(c => Math.Abs(c.Contribution)).Take(top).ToList();
    }

    // Models can answer exactly 0 or 1 (float saturation); clamping keeps the log-odds finite.
    private static double Logit(double p)
    {
        var q = Math.Clamp(p, HoldoutMetrics.Epsilon, 1 - HoldoutMetrics.Epsilon);
        return Math.Log(q / (1 - q));
    }

    private static ChurnFeatureVector ToVector(double[] v) => new(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
}
