using Microsoft.ML;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>
/// A freshly trained model: the transformer, its serialized bytes, the trainer that produced it, its holdout quality
/// and the training-set mean of each feature (the reference point of explanations).
/// </summary>
public sealed record TrainedModel(ITransformer Transformer, byte[] Content, string Trainer, ModelQuality Quality, double[] FeatureMeans)
{
    public long Rows => Quality.Rows;
    public long HoldoutRows => Quality.HoldoutRows;
    public double Auc => Quality.Auc;
}

/// <summary>
/// Trains the churn classifier (see <see cref="BinaryClassifierTraining"/>): L-BFGS logistic regression, FastTree,
/// or "auto", which picks between them on a validation split of the training rows.
/// </summary>
public static class ChurnTrainer
{
    public const string Lbfgs = BinaryClassifierTraining.Lbfgs;
    public const string FastTree = BinaryClassifierTraining.FastTree;
    public const string Auto = BinaryClassifierTraining.Auto;

    public static readonly IReadOnlyList<string> Trainers = [Lbfgs, FastTree, Auto];

    /// <summary>Trains the named trainer (<see cref="Auto"/> delegates to <see cref="TrainBest"/>).</summary>
    public static TrainedModel Train(IReadOnlyList<ChurnSample> training, IReadOnlyList<ChurnSample> holdout, string trainer, int seed) =>
        BinaryClassifierTraining.Train(Rows(training), Rows(holdout), r => r.Label, ChurnModelRow.FeatureColumns, trainer, seed, Means(training));

    /// <summary>Logistic regression or FastTree, whichever ranks a validation split of <paramref name="training"/> better.</summary>
    public static TrainedModel TrainBest(IReadOnlyList<ChurnSample> training, IReadOnlyList<ChurnSample> holdout, int seed) =>
        BinaryClassifierTraining.TrainBest(Rows(training), Rows(holdout), r => r.Label, ChurnModelRow.FeatureColumns, seed, Means(training));

    /// <summary>Generated data split into training rows and a holdout (the last <paramref name="holdoutFraction"/>).</summary>
    public static TrainedModel TrainOnGeneratedData(int rows, double holdoutFraction, string trainer, int seed)
    {
        var samples = ChurnDataGenerator.Generate(rows, seed);
        var holdoutRows = (int)Math.Round(rows * holdoutFraction);
        var split = rows - holdoutRows;
        return Train(samples.Take(split).ToList(), samples.Skip(split).ToList(), trainer, seed);
    }

    private static List<ChurnModelRow> Rows(IReadOnlyList<ChurnSample> samples) =>
        samples.Select(s => ChurnModelRow.From(s.Features, s.Churned)).ToList();

    private static double[] Means(IReadOnlyList<ChurnSample> samples) =>
        BinaryClassifierTraining.Means(samples.Select(s => s.Features.ToArray()));
}
