using Suite.Predictions.Domain;
using Suite.Predictions.Models;

namespace Suite.Predictions.Tests;

public class ThreatTrainerTests
{
    private const int Seed = 42;

    [Fact]
    public void Auto_reaches_the_bayes_optimal_auc_and_brier_on_the_holdout()
    {
        var samples = ThreatDataGenerator.Generate(60_000, Seed);
        var training = samples.Take(40_000).ToList();
        var holdout = samples.Skip(40_000).ToList();
        var labels = holdout.Select(s => s.Compromised).ToList();
        // The best any model can do on this holdout: predict the true probabilities.
        var bayesAuc = RocAuc.Compute(holdout.Select(s => s.TrueProbability).ToList(), labels);
        var optimalBrier = holdout.Average(s => Math.Pow(s.TrueProbability - (s.Compromised ? 1 : 0), 2));

        var model = ThreatTrainer.TrainBest(training, holdout, Seed);

        Assert.Contains(model.Trainer, BinaryClassifierTraining.Candidates);
        Assert.Equal(40_000, model.Rows);
        Assert.Equal(20_000, model.HoldoutRows);
        Assert.True(Math.Abs(model.Auc - bayesAuc) <= 0.01, $"{model.Trainer}: AUC {model.Auc:F4}, Bayes-optimal {bayesAuc:F4}");
        Assert.True(model.Quality.Brier <= 1.05 * optimalBrier, $"{model.Trainer}: Brier {model.Quality.Brier:F5}, optimum {optimalBrier:F5}");
    }

    [Fact]
    public void A_stored_model_scores_like_the_trained_one()
    {
        var samples = ThreatDataGenerator.Generate(25_000, Seed);
        var holdout = samples.Skip(20_000).ToList();
        var trained = ThreatTrainer.Train(samples.Take(20_000).ToList(), holdout, BinaryClassifierTraining.Lbfgs, Seed);

        var loaded = ThreatServingModel.Load(
            trained.Content);
        var scores = holdout.Select(s => loaded.ScoreThreat(s.Factors)).ToList();

        Assert.All(scores, p => Assert.InRange(p, 0, 1));
        Assert.Equal(trained.Auc, RocAuc.Compute(scores, holdout.Select(s => s.Compromised).ToList()), 3);
        var meanAbsoluteError = holdout.Zip(scores, (s, p) => Math.Abs(s.TrueProbability - p)).Average();
        Assert.True(meanAbsoluteError < 0.02, $"mean |p - p_true| = {meanAbsoluteError:F4}");
    }

    [Fact]
    public void Feature_means_are_the_training_share_of_each_factor()
    {
        var samples = ThreatDataGenerator.Generate(3_000, Seed);
        var training = samples.Take(2_000).ToList();

        var trained = ThreatTrainer.Train(training, samples.Skip(2_000).ToList(), BinaryClassifierTraining.Lbfgs, Seed);

        Assert.Equal(ThreatFactors.FieldNames.Count, trained.FeatureMeans.Length);
        Assert.Equal(training.Average(s => s.Factors.NewCountry ? 1.0 : 0.0), trained.FeatureMeans[1], 12);
        Assert.Equal(training.Average(s => s.Factors.FailedAttempts1h), trained.FeatureMeans[6], 12);
    }

    [Fact]
    public void Serving_model_is_safe_to_call_concurrently()
    {
        var trained = ThreatTrainer.TrainOnGeneratedData(5_000, 0.2, BinaryClassifierTraining.Lbfgs, Seed);
        var model = ThreatServingModel.Load(
            trained.Content);
        var samples = ThreatDataGenerator.Generate(2_000, 3);
        var sequential = samples.Select(s => model.ScoreThreat(s.Factors)).ToArray();

        var parallel = new double[samples.Count];
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = model.ScoreThreat(samples[i].Factors));

        Assert.Equal(sequential, parallel);
    }
}
