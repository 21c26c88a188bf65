using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ConversionCoefficientsTests
{
    private static readonly ConversionCoefficients Baseline = ConversionCoefficients.Baseline;

    [Theory]
    // −1.5 − 0.0002·5000 + 0.05·10 + 0.8 − 0.15·3 − 0.01·30 = −1.5 − 1 + 0.5 + 0.8 − 0.45 − 0.3
    [InlineData(5_000, 10, 1, 3, 30, -1.95)]
    [InlineData(0, 0, 0, 0, 0, -1.5)]
    // −1.5 − 0.2 − 0.15
    [InlineData(1_000, 0, 0, 1, 0, -1.85)]
    // −1.5 − 0.5 + 1.0 + 0.8 − 0.75 − 0.1
    [InlineData(2_500, 20, 1, 5, 10, -1.05)]
    public void Baseline_logit_is_the_weighted_sum(double value, double orders, double portal, double lines, double recency, double logit)
    {
        var quote = new ConversionFeatureVector(value, orders, portal, lines, recency);

        Assert.Equal(logit, Baseline.Logit(quote), 1e-12);
        Assert.Equal(1 / (1 + Math.Exp(-logit)), Baseline.Probability(quote), 1e-12);
    }

    [Fact]
    public void Reference_quote_converts_with_about_12_percent()
    {
        var quote = new ConversionFeatureVector(QuoteValue: 5_000, PreviousOrders: 10, PortalSubmission: 1, LineItems: 3, RecencyDays: 30);

        Assert.Equal(-1.95, Baseline.Logit(quote), 1e-12);
        Assert.Equal(1 / (1 + Math.Exp(1.95)), Baseline.Probability(quote), 1e-12);
        Assert.Equal(0.1246, Baseline.Probability(quote), 0.0001);
    }

    [Fact]
    public void Contributions_are_coefficient_times_value_per_feature()
    {
        var quote = new ConversionFeatureVector(5_000, 10, 1, 3, 30);

        var contributions = Baseline.Contributions(quote);

        Assert.Equal(ConversionFeatureVector.FieldNames, contributions.Select(c => c.Feature));
        Assert.Equal([5_000.0, 10, 1, 3, 30], contributions.Select(c => c.Value));
        double[] expected = [-1.0, 0.5, 0.8, -0.45, -0.3];
        Assert.All(contributions.Zip(expected), pair => Assert.Equal(pair.Second, pair.First.Contribution, 1e-12));
        Assert.Equal(Baseline.Logit(quote), Baseline.Intercept + contributions.Sum(c => c.Contribution), 1e-12);
    }
}
