using Microsoft.ML;
using Microsoft.ML.Data;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;

namespace Suite.Predictions.Tests;

public class ConversionTrainerTests
{
    private const int Seed = 42;

    // One training run shared by the tests below (50k quotes, 10k holdout).
    private static readonly Lazy<(TrainedConversion Model, IReadOnlyList<ConversionSample> Holdout)> Trained = new(() =>
    {
        var samples = ConversionDataGenerator.Generate(60_000, Seed);
        var holdout = samples.Skip(50_000).ToList();
        var model = ConversionTrainer.Train(Labelled(samples.Take(50_000)), Labelled(holdout), Seed);
        return (model, holdout);
    });

    [Theory]
    // Tolerances are about four standard errors of the estimate on 50k quotes (its spread over 16 seeds).
    [InlineData("intercept", -1.5, 0.12)]
    [InlineData("quote_value", -0.0002, 0.00003)]
    [InlineData("previous_orders", 0.05, 0.005)]
    [InlineData("portal_submission", 0.8, 0.07)]
    [InlineData("line_items", -0.15, 0.04)]
    [InlineData("recency_days", -0.01, 0.003)]
    public void Recovers_the_true_coefficients_in_raw_units(string name, double expected, double tolerance)
    {
        var c = Trained.Value.Model.Coefficients;
        var actual = name switch
        {
            "intercept" => c.Intercept,
            "quote_value" => c.QuoteValue,
            "previous_orders" => c.PreviousOrders,
            "portal_submission" => c.PortalSubmission,
            "line_items" => c.LineItems,
            "recency_days" => c.RecencyDays,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{name}: {actual} vs {expected} ± {tolerance}");
    }

    [Fact]
    public void Raw_unit_coefficients_score_like_the_mlnet_model()
    {
        var (model, holdout) = Trained.Value;
        var ml = new MLContext(Seed);
        var scored = model.Transformer.Transform(ml.Data.LoadFromEnumerable(holdout.Select(s => ConversionModelRow.From(s.Features))));
        var mlnet = scored.GetColumn<float>("Probability").ToList();

        var worst = holdout.Select((s, i) => Math.Abs(mlnet[i] - model.Coefficients.Probability(s.Features))).Max();

        Assert.True(worst <= 1e-4, $"largest difference {worst:E2}");
    }

    [Fact]
    public void Reports_holdout_quality_close_to_the_true_model()
    {
        var (model, holdout) = Trained.Value;
        var labels = holdout.Select(s => s.Converted).ToList();
        var truth = holdout.Select(s => s.TrueProbability).ToList();
        var optimalBrier = holdout.Average(s => Math.Pow(s.TrueProbability - (s.Converted ? 1 : 0), 2));

        Assert.Equal(50_000, model.Quality.Rows);
        Assert.Equal(10_000, model.Quality.HoldoutRows);
        Assert.True(Math.Abs(model.Quality.Auc - RocAuc.Compute(truth, labels)) <= 0.01, $"AUC {model.Quality.Auc:F4}");
        Assert.True(model.Quality.Brier <= 1.05 * optimalBrier, $"Brier {model.Quality.Brier:F5}, optimum {optimalBrier:F5}");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(499, false)]
    [InlineData(500, true)]
    [InlineData(100_000, true)]
    public void Replaces_the_baseline_only_with_enough_labelled_quotes(long labelled, bool replaces) =>
        Assert.Equal(replaces, ConversionTrainer.CanReplaceBaseline(labelled));

    private static List<(ConversionFeatureVector, bool)> Labelled(IEnumerable<ConversionSample> samples) =>
        samples.Select(s => (s.Features, s.Converted)).ToList();
}
