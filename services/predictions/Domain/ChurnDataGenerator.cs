namespace Suite.Predictions.Domain;

/// <summary>One generated account: its features, the true churn probability and the label drawn from it.</summary>
public readonly record struct ChurnSample(ChurnFeatureVector Features, double TrueProbability, bool Churned);

/// <summary>
/// Synthetic accounts with plausible, correlated features (an activity level drives logins, sessions and idle days)
/// and labels drawn from <see cref="ChurnGroundTruth"/>. Deterministic for a seed.
/// </summary>
public static class ChurnDataGenerator
{
    public static IReadOnlyList<ChurnSample> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var samples = new ChurnSample[count];
        for (var i = 0; i < count; i++)
        {
            var features = NextFeatures(random);
            var p = ChurnGroundTruth.Probability(features);
            samples[i] = new ChurnSample(features, p, random.NextDouble() < p);
        }
        return samples;
    }

    private static ChurnFeatureVector NextFeatures(Random random)
    {
        var activity = random.NextDouble();
        var daysSinceLastLogin = Math.Min(90, Math.Floor(Exponential(random, 1 + (1 - activity) * 20)));
        return new ChurnFeatureVector(
            DaysSinceLastLogin: daysSinceLastLogin,
            Logins30d: Poisson(random, 1 + activity * 35),
            Sessions7d: Poisson(random, activity * 12),
            OpenTickets: Poisson(random, 0.2 + (1 - activity) * 1.5),
            EmailEngagement: Math.Clamp(0.6 * activity + 0.4 * random.NextDouble(), 0, 1),
            TenureDays: Math.Floor(Exponential(random, 400)),
            FeatureAdoption: Math.Clamp(0.5 * activity + 0.5 * random.NextDouble(), 0, 1));
    }

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    // Knuth's method: fine for the small means used here.
    private static double Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }
        return k;
    }
}
