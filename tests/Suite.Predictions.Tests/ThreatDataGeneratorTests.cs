using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ThreatDataGeneratorTests
{
    private static readonly IReadOnlyList<ThreatSample> Samples = ThreatDataGenerator.Generate(40_000, seed: 7);

    [Fact]
    public void Is_deterministic_for_a_seed()
    {
        Assert.Equal(ThreatDataGenerator.Generate(500, 11), ThreatDataGenerator.Generate(500, 11));
        Assert.NotEqual(ThreatDataGenerator.Generate(500, 11), ThreatDataGenerator.Generate(500, 12));
    }

    [Fact]
    public void Compromises_are_rare_and_follow_the_true_probabilities()
    {
        Assert.All(Samples, s => Assert.Equal(ThreatGroundTruth.Probability(s.Factors), s.TrueProbability, 12));
        var rate = Samples.Average(s => s.Compromised ? 1.0 : 0.0);
        Assert.InRange(rate, 0.05, 0.10);
        // 40k Bernoulli draws: the standard error of the rate is below 0.0015.
        Assert.Equal(Samples.Average(s => s.TrueProbability), rate, 0.006);
    }

    [Theory]
    [InlineData(0)] // new_ip
    [InlineData(1)] // new_country
    [InlineData(2)] // failed_then_success
    [InlineData(3)] // rapid_sessions
    [InlineData(4)] // large_export
    [InlineData(5)] // outside_business_hours
    public void Every_flag_goes_with_more_compromises(int factor)
    {
        var flagged = Samples.Where(s => s.Factors.ToArray()[factor] == 1).ToList();
        var clear = Samples.Where(s => s.Factors.ToArray()[factor] == 0).ToList();

        Assert.True(flagged.Count >= 500, $"{ThreatFactors.FieldNames[factor]}: only {flagged.Count} flagged");
        Assert.True(Rate(flagged) > 1.5 * Rate(clear), $"{ThreatFactors.FieldNames[factor]}: {Rate(flagged):F3} vs {Rate(clear):F3}");
    }

    [Fact]
    public void Factors_come_in_clusters()
    {
        // Travellers and attackers bring a new country with a new IP; a new country alone never happens.
        Assert.DoesNotContain(Samples, s => s.Factors.NewCountry && !s.Factors.NewIp);
        Assert.True(Samples.Where(s => s.Factors.FailedAttempts1h >= 3).Average(s => s.Factors.NewIp ? 1.0 : 0.0)
            > 2 * Samples.Where(s => s.Factors.FailedAttempts1h == 0).Average(s => s.Factors.NewIp ? 1.0 : 0.0));
    }

    private static double Rate(IEnumerable<ThreatSample> samples) => samples.Average(s => s.Compromised ? 1.0 : 0.0);
}
