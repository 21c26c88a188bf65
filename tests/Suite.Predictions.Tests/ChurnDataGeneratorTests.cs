using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ChurnDataGeneratorTests
{
    private static readonly IReadOnlyList<ChurnSample> Samples = ChurnDataGenerator.Generate(20_000, seed: 7);

    [Fact]
    public void Is_deterministic_for_a_seed()
    {
        Assert.Equal(ChurnDataGenerator.Generate(500, 11), ChurnDataGenerator.Generate(500, 11));
        Assert.NotEqual(ChurnDataGenerator.Generate(500, 11), ChurnDataGenerator.Generate(500, 12));
    }

    [Fact]
    public void Generates_only_valid_feature_vectors()
    {
        Assert.Equal(20_000, Samples.Count);
        Assert.All(Samples, s => Assert.Empty(ChurnFeatureRules.Validate(s.Features)));
    }

    [Fact]
    public void Carries_the_true_probability_of_each_account()
    {
        Assert.All(Samples, s => Assert.Equal(ChurnGroundTruth.Probability(s.Features), s.TrueProbability, 12));
    }

    [Fact]
    public void Labels_follow_the_true_probabilities()
    {
        var churnRate = Samples.Average(s => s.Churned ? 1.0 : 0.0);
        var meanProbability = Samples.Average(s => s.TrueProbability);
        Assert.InRange(churnRate, 0.08, 0.35);
        // 20k Bernoulli draws: the standard error of the rate is below 0.003.
        Assert.Equal(meanProbability, churnRate, 0.015);

        // Calibration by risk band: each band's observed rate sits near its mean true probability.
        foreach (var band in Samples.GroupBy(s => RiskLevels.For(s.TrueProbability)).Where(g => g.Count() >= 300))
        {
            Assert.Equal(band.Average(s => s.TrueProbability), band.Average(s => s.Churned ? 1.0 : 0.0), 0.06);
        }
    }

    [Fact]
    public void Spreads_accounts_over_every_risk_level()
    {
        var levels = Samples.GroupBy(s => RiskLevels.For(s.TrueProbability)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enum.GetValues<ChurnRiskLevel>(), level => Assert.True(levels.GetValueOrDefault(level) >= 100, $"{level}: {levels.GetValueOrDefault(level)}"));
    }

    [Theory]
    [InlineData(0, 1)]   // more idle days → riskier
    [InlineData(3, 1)]   // more open tickets → riskier
    [InlineData(1, -1)]  // more logins → safer
    [InlineData(6, -1)]  // more adoption → safer
    public void Ground_truth_moves_with_each_feature_as_documented(int feature, int direction)
    {
        var baseline = new ChurnFeatureVector(5, 10, 3, 1, 0.5, 200, 0.5);
        var values = baseline.ToArray();
        values[feature] += feature == 6 ? 0.3 : 5;
        var changed = new ChurnFeatureVector(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
        Assert.Equal(direction, Math.Sign(ChurnGroundTruth.Probability(changed) - ChurnGroundTruth.Probability(baseline)));
    }
}
