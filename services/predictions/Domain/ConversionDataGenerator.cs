namespace Suite.Predictions.Domain;

/// <summary>One generated quote: its features, the true conversion probability and the label drawn from it.</summary>
public readonly record struct ConversionSample(ConversionFeatureVector Features, double TrueProbability, bool Converted);

/// <summary>
/// Synthetic quotes with plausible features (log-normal values, bigger quotes carrying more lines, a quarter from new
/// customers) and labels drawn from known coefficients, <see cref="ConversionCoefficients.Baseline"/> unless given.
/// Deterministic for a seed.
/// </summary>
public static class ConversionDataGenerator
{
    public static IReadOnlyList<ConversionSample> Generate(int count, int seed, ConversionCoefficients? truth = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        truth ??= ConversionCoefficients.Baseline;
        var random = new Random(seed);
        var samples = new ConversionSample[count];
        for (var i = 0; i < count; i++)
        {
            var features = NextFeatures(random);
            var p = truth.Probability(features);
            samples[i] = new ConversionSample(features, p, random.NextDouble() < p);
        }
        return samples;
    }

    private static ConversionFeatureVector NextFeatures(Random random)
    {
        // Median quote 1 500, long right tail; whole currency units, at least 50.
        var value = Math.Max(50, Math.Round(1_500 * Math.Exp(0.9 * random.Normal())));
        var newCustomer = random.NextDouble() < 0.25;
        return new ConversionFeatureVector(
            QuoteValue: value,
            PreviousOrders: newCustomer ? 0 : random.Geometric(10),
            PortalSubmission: random.NextDouble() < (newCustomer ? 0.3 : 0.55) ? 1 : 0,
            LineItems: 1 + random.Poisson(1 + 1.2 * Math.Log(1 + value / 1_000)),
            RecencyDays: Math.Min(365, Math.Floor(random.Exponential(30))));
    }
}
