using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ConversionDataGeneratorTests
{
    private static readonly IReadOnlyList<ConversionSample> Samples = ConversionDataGenerator.Generate(20_000, seed: 7);

    [Fact]
    public void Is_deterministic_for_a_seed()
    {
        Assert.Equal(ConversionDataGenerator.Generate(500, 11), ConversionDataGenerator.Generate(500, 11));
        Assert.NotEqual(ConversionDataGenerator.Generate(500, 11), ConversionDataGenerator.Generate(500, 12));
    }

    [Fact]
    public void Generates_plausible_quotes()
    {
        Assert.All(Samples, s =>
        {
            var f = s.Features;
            Assert.True(f.QuoteValue >= 50 && f.QuoteValue == Math.Round(f.QuoteValue), $"value {f.QuoteValue}");
            Assert.True(f.PreviousOrders >= 0 && f.PreviousOrders == Math.Floor(f.PreviousOrders), $"orders {f.PreviousOrders}");
            Assert.Contains(f.PortalSubmission, new[] { 0.0, 1.0 });
            Assert.True(f.LineItems >= 1, $"lines {f.LineItems}");
            Assert.InRange(f.RecencyDays, 0, 365);
        });
        var values = Samples.Select(s => s.Features.QuoteValue).Order().ToList();
        Assert.InRange(values[values.Count / 2], 1_300, 1_700); // median quote about 1 500
        // Bigger quotes carry more lines.
        Assert.True(Samples.Where(s => s.Features.QuoteValue > 5_000).Average(s => s.Features.LineItems)
            > Samples.Where(s => s.Features.QuoteValue < 1_000).Average(s => s.Features.LineItems) + 1);
    }

    [Fact]
    public void Labels_follow_the_true_probabilities_of_the_baseline()
    {
        Assert.All(Samples, s => Assert.Equal(ConversionCoefficients.Baseline.Probability(s.Features), s.TrueProbability, 12));
        var rate = Samples.Average(s => s.Converted ? 1.0 : 0.0);
        Assert.InRange(rate, 0.1, 0.3);
        // 20k Bernoulli draws: the standard error of the rate is below 0.003.
        Assert.Equal(Samples.Average(s => s.TrueProbability), rate, 0.01);
    }

    [Fact]
    public void Draws_labels_from_the_coefficients_it_is_given()
    {
        var generous = ConversionCoefficients.Baseline with { Intercept = 1.0 };

        var samples = ConversionDataGenerator.Generate(5_000, 7, generous);

        Assert.All(samples, s => Assert.Equal(generous.Probability(s.Features), s.TrueProbability, 12));
        Assert.True(samples.Average(s => s.Converted ? 1.0 : 0.0) > 0.5);
    }
}
