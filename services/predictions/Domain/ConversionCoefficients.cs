namespace Suite.Predictions.Domain;

/// <summary>
/// Quote conversion as a logistic model in raw units (per currency unit, per order, per day …), so the coefficients
/// read directly as "each extra line item lowers the log-odds by 0.15".
/// </summary>
public sealed record ConversionCoefficients(
    double Intercept,
    double QuoteValue,
    double PreviousOrders,
    double PortalSubmission,
    double LineItems,
    double RecencyDays)
{
    /// <summary>Used until enough labelled quotes exist to train (see <c>ConversionTrainer.MinimumLabelledQuotes</c>).</summary>
    public static readonly ConversionCoefficients Baseline = new(
        Intercept: -1.5,
        QuoteValue: -0.0002,
        PreviousOrders: 0.05,
        PortalSubmission: 0.8,
        LineItems: -0.15,
        RecencyDays: -0.01);

    /// <summary>Weights in <see cref="ConversionFeatureVector.ToArray"/> order.</summary>
    public double[] Weights() => [QuoteValue, PreviousOrders, PortalSubmission, LineItems, RecencyDays];

    public double Logit(ConversionFeatureVector x) => Intercept + Contributions(x).Sum(c => c.Contribution);

    public double Probability(ConversionFeatureVector x) => 1.0 / (1.0 + Math.Exp(-Logit(x)));

    /// <summary>Coefficient × value per feature, in field order (log-odds; positive favours conversion).</summary>
    public IReadOnlyList<FeatureContribution> Contributions(ConversionFeatureVector x)
    {
        var values = x.ToArray();
        var weights = Weights();
        return values.Select((v, i) => new FeatureContribution(ConversionFeatureVector.FieldNames[i], v, weights[i] * v)).ToList();
    }
}
