using Microsoft.ML;
using Microsoft.ML.Data;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>
/// ML.NET plumbing shared by the binary classifiers (churn, threat): the feature columns concatenated, normalised
/// (mean/variance), then L-BFGS logistic regression or FastTree; quality measured on a holdout the trainer never saw.
/// </summary>
public static class BinaryClassifierTraining
{
    public const string Lbfgs = "lbfgs";
    public const string FastTree = "fasttree";
    public const string Auto = "auto";

    /// <summary>Candidates for <see cref="Auto"/>, simplest first: it wins ties.</summary>
    public static readonly IReadOnlyList<string> Candidates = [Lbfgs, FastTree];

    /// <summary>Share of the training rows (the last ones) held back to choose between candidates.</summary>
    public const double ValidationFraction = 0.2;

    /// <summary>Trains <paramref name="trainer"/> on all training rows; <see cref="Auto"/> goes to <see cref="TrainBest{TRow}"/>.</summary>
    public static TrainedModel Train<TRow>(
        IReadOnlyList<TRow> training, IReadOnlyList<TRow> holdout, Func<TRow, bool> label, string[] featureColumns,
        string trainer, int seed, double[] featureMeans) where TRow : class
    {
        if (trainer == Auto)
        {
            return TrainBest(training, holdout, label, featureColumns, seed, featureMeans);
        }
        var ml = new MLContext(seed);
        var trainView = ml.Data.LoadFromEnumerable(training);
        var model = Fit(ml, trainView, featureColumns, trainer);
        var quality = HoldoutMetrics.Compute(training.Count, Probabilities(ml, model, holdout), holdout.Select(label).ToList());
        using var stream = new MemoryStream();
        ml.Model.Save(model, trainView.Schema, stream);
        return new TrainedModel(model, stream.ToArray(), trainer, quality, featureMeans);
    }

    /// <summary>
    /// Fits every candidate on the first 80 % of the training rows, keeps the one with the best AUC on the last 20 %,
    /// then refits it on all training rows. The holdout plays no part in the choice, so its metrics stay unbiased.
    /// </summary>
    public static TrainedModel TrainBest<TRow>(
        IReadOnlyList<TRow> training, IReadOnlyList<TRow> holdout, Func<TRow, bool> label, string[] featureColumns,
        int seed, double[] featureMeans) where TRow : class
    {
        var fitRows = training.Count - (int)Math.Round(training.Count * ValidationFraction);
        var validation = training.Skip(fitRows).ToList();
        var validationLabels = validation.Select(label).ToList();
        var ml = new MLContext(seed);
        var fitView = ml.Data.LoadFromEnumerable(training.Take(fitRows));
        var scored = Candidates
            .Select(t => (t, RocAuc.Compute(Probabilities(ml, Fit(ml, fitView, featureColumns, t), validation), validationLabels)))
            .ToList();
        return Train(training, holdout, label, featureColumns, Pick(scored), seed, featureMeans);
    }

    /// <summary>The trainer with the highest validation AUC; on a tie the one listed first.</summary>
    public static string Pick(IReadOnlyList<(string Trainer, double ValidationAuc)> candidates)
    {
        if (candidates.Count == 0)
        {
            throw new ArgumentException("no candidate to pick from", nameof(candidates));
        }
        var best = candidates[0];
        foreach (var candidate in candidates.Skip(1))
        {
            if (candidate.ValidationAuc > best.ValidationAuc)
            {
                best = candidate;
            }
        }
        return best.Trainer;
    }

    /// <summary>Column means of the feature vectors, in their own order (the explainer's "average account").</summary>
    public static double[] Means(IEnumerable<double[]> rows)
    {
        double[]? sum = null;
        long count = 0;
        foreach (var row in rows)
        {
            sum ??= new double[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                sum[i] += row[i];
            }
            count++;
        }
        if (sum is null)
        {
            throw new ArgumentException("no rows to average", nameof(rows));
        }
        return sum.Select(s => s / count).ToArray();
    }

    private static ITransformer Fit(MLContext ml, IDataView view, string[] featureColumns, string trainer)
    {
        var features = ml.Transforms.Concatenate("Features", featureColumns)
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return trainer switch
        {
            Lbfgs => features
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: "Label", featureColumnName: "Features"))
                .Fit(view),
            FastTree => features
                .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features",
                    numberOfLeaves: 16, numberOfTrees: 100, minimumExampleCountPerLeaf: 20))
                .Fit(view),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
        };
    }

    private static List<double> Probabilities<TRow>(MLContext ml, ITransformer model, IReadOnlyList<TRow> rows) where TRow : class =>
        model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Probability").Select(p => (double)p).ToList();
}
