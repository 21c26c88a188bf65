using Suite.Predictions.Domain;
using Suite.Predictions.Models;

namespace Suite.Predictions.Tests;

public class ChurnTrainerTests
{
    private const int Rows = 20_000;
    private const double HoldoutFraction = 0.2;
    private const int Seed = 42;

    [Theory]
    [InlineData(ChurnTrainer.Lbfgs)]
    [InlineData(ChurnTrainer.FastTree)]
    public void Reaches_the_bayes_optimal_auc_on_the_holdout(string trainer)
    {
        var samples = ChurnDataGenerator.Generate(Rows, Seed);
        var holdout = samples.Skip(Rows - (int)(Rows * HoldoutFraction)).ToList();
        // The best any model can do on this holdout: rank accounts by their true churn probability.
        var bayesAuc = RocAuc.Compute(holdout.Select(s => s.TrueProbability).ToList(), holdout.Select(s => s.Churned).ToList());

        var trained = ChurnTrainer.TrainOnGeneratedData(Rows, HoldoutFraction, trainer, Seed);

        Assert.Equal(16_000, trained.Rows);
        Assert.Equal(4_000, trained.HoldoutRows);
        Assert.InRange(bayesAuc, 0.85, 0.95);
        Assert.True(Math.Abs(trained.Auc - bayesAuc) <= 0.02, $"{trainer}: holdout AUC {trained.Auc:F4}, Bayes-optimal {bayesAuc:F4}");
    }

    [Fact]
    public void A_stored_model_scores_like_the_trained_one()
    {
        var samples = ChurnDataGenerator.Generate(Rows, Seed);
        var holdout = samples.Skip(16_000).ToList();
        var trained = ChurnTrainer.TrainOnGeneratedData(Rows, HoldoutFraction, ChurnTrainer.Lbfgs, Seed);

        var loaded = ServingModel.Load(trained.Content);
        var scores = holdout.Select(s => loaded.ScoreChurn(s.Features)).ToList();

        Assert.All(scores, p => Assert.InRange(p, 0, 1));
        // Our own AUC over the reloaded model's scores agrees with ML.NET's evaluation of the trained one.
        Assert.Equal(trained.Auc, RocAuc.Compute(scores, holdout.Select(s => s.Churned).ToList()), 3);
        // And the learned probabilities are close to the true ones (logistic regression is the right model family).
        var meanAbsoluteError = holdout.Zip(scores, (s, p) => Math.Abs(s.TrueProbability - p)).Average();
        Assert.True(meanAbsoluteError < 0.03, $"mean |p - p_true| = {meanAbsoluteError:F4}");
    }

    [Fact]
    public void Serving_model_is_safe_to_call_concurrently()
    {
        var trained = ChurnTrainer.TrainOnGeneratedData(5_000, HoldoutFraction, ChurnTrainer.Lbfgs, Seed);
        var model = ServingModel.Load(trained.Content);
        var samples = ChurnDataGenerator.Generate(2_000, 3);
        var sequential = samples.Select(s => model.ScoreChurn(s.Features)).ToArray();

        var parallel = new double[samples.Count];
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = model.ScoreChurn(samples[i].Features));

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Auto_reaches_the_bayes_optimal_auc_and_brier_on_the_holdout()
    {
        var samples = ChurnDataGenerator.Generate(60_000, Seed);
        var training = samples.Take(40_000).ToList();
        var holdout = samples.Skip(40_000).ToList();
        var labels = holdout.Select(s => s.Churned).ToList();
        // The best any model can do on this holdout: predict the true probabilities.
        var bayesAuc = RocAuc.Compute(holdout.Select(s => s.TrueProbability).ToList(), labels);
        var optimalBrier = holdout.Average(s => Math.Pow(s.TrueProbability - (s.Churned ? 1 : 0), 2));

        var model = ChurnTrainer.TrainBest(training, holdout, Seed);

        // The truth is logistic in the features, so regression should win the validation split.
        Assert.Equal(ChurnTrainer.Lbfgs, model.Trainer);
        Assert.Equal(40_000, model.Rows);
        Assert.Equal(20_000, model.HoldoutRows);
        Assert.True(Math.Abs(model.Auc - bayesAuc) <= 0.01, $"{model.Trainer}: AUC {model.Auc:F4}, Bayes-optimal {bayesAuc:F4}");
        Assert.True(model.Quality.Brier <= 1.05 * optimalBrier, $"{model.Trainer}: Brier {model.Quality.Brier:F5}, optimum {optimalBrier:F5}");
        Assert.Equal(20_000, model.Quality.Calibration.Sum(b => b.Count));
    }

    [Fact]
    public void Auto_is_a_trainer_setting_that_names_the_winner()
    {
        Assert.Contains(ChurnTrainer.Auto, ChurnTrainer.Trainers);

        var trained = ChurnTrainer.TrainOnGeneratedData(5_000, HoldoutFraction, ChurnTrainer.Auto, Seed);

        Assert.Contains(trained.Trainer, new[] { ChurnTrainer.Lbfgs, ChurnTrainer.FastTree });
        Assert.Equal(4_000, trained.Rows);
    }

    [Theory]
    [InlineData(0.80, 0.85, ChurnTrainer.FastTree)]
    [InlineData(0.85, 0.80, ChurnTrainer.Lbfgs)]
    // A tie goes to the simpler model, listed first.
    [InlineData(0.85, 0.85, ChurnTrainer.Lbfgs)]
    public void Picks_the_best_validation_auc(double lbfgsAuc, double fastTreeAuc, string expected) =>
        Assert.Equal(expected, BinaryClassifierTraining.Pick([(ChurnTrainer.Lbfgs, lbfgsAuc), (ChurnTrainer.FastTree, fastTreeAuc)]));

    [Fact]
    public void Feature_means_are_the_training_averages()
    {
        var samples = ChurnDataGenerator.Generate(3_000, Seed);
        var training = samples.Take(2_000).ToList();

        var trained = ChurnTrainer.Train(training, samples.Skip(2_000).ToList(), ChurnTrainer.Lbfgs, Seed);

        Assert.Equal(ChurnFeatureVector.FieldNames.Count, trained.FeatureMeans.Length);
        Assert.Equal(training.Average(s => s.Features.DaysSinceLastLogin), trained.FeatureMeans[0], 12);
        Assert.Equal(training.Average(s => s.Features.FeatureAdoption), trained.FeatureMeans[6], 12);
    }

    [Fact]
    public void Rejects_an_unknown_trainer() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChurnTrainer.TrainOnGeneratedData(1_000, HoldoutFraction, "sdca", Seed));
}
