using Suite.Predictions.Domain;
using Suite.Predictions.Models;

namespace Suite.Predictions.Tests;

/// <summary>Scoring several vectors on one engine (reused input/output rows) must answer like scoring them one by one.</summary>
public class ServingModelTests
{
    [Theory]
    [InlineData(ChurnTrainer.Lbfgs)]
    [InlineData(ChurnTrainer.FastTree)]
    public void Scoring_many_on_one_engine_equals_scoring_one_at_a_time(string trainer)
    {
        var trained = ChurnTrainer.TrainOnGeneratedData(5_000, 0.2, trainer, seed: 7);
        var model = ServingModel.Load(trained.Content);
        var rows = ChurnDataGenerator.Generate(200, seed: 8).Select(s => s.Features).ToArray();

        var many = new double[rows.Length];
        model.ScoreChurnMany(rows, many);

        Assert.Equal(rows.Select(model.ScoreChurn), many);
        Assert.True(many.Distinct().Count() > 100, "scores should differ between accounts (a stale reused row would repeat one)");
    }

    [Theory]
    [InlineData(ChurnTrainer.Lbfgs)]
    [InlineData(ChurnTrainer.FastTree)]
    public void Explanations_from_batched_scoring_equal_one_at_a_time(string trainer)
    {
        var trained = ChurnTrainer.TrainOnGeneratedData(5_000, 0.2, trainer, seed: 7);
        var model = ServingModel.Load(trained.Content);

        foreach (var x in ChurnDataGenerator.Generate(50, seed: 9).Select(s => s.Features))
        {
            var batched = ChurnExplainer.Explain(model.ScoreChurnMany, x, trained.FeatureMeans, top: 7);
            var single = ChurnExplainer.Explain(model.ScoreChurn, x, trained.FeatureMeans, top: 7);
            Assert.Equal(single, batched);
        }
    }
}
