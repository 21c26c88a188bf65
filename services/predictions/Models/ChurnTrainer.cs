using Microsoft.ML;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>A freshly trained model: the transformer, its serialized bytes and its holdout quality.</summary>
public sealed record TrainedModel(ITransformer Transformer, byte[] Content, string Trainer, long Rows, long HoldoutRows, double Auc);

/// <summary>
/// Trains the churn classifier with ML.NET: the seven features concatenated, normalised (mean/variance), then
/// L-BFGS logistic regression (default) or FastTree; evaluated by AUC on a holdout the trainer never saw.
/// </summary>
public static class ChurnTrainer
{
    public const string Lbfgs = "lbfgs";
    public const string FastTree = "fasttree";

    public static readonly IReadOnlyList<string> Trainers = [Lbfgs, FastTree];

    public static TrainedModel Train(IReadOnlyList<ChurnSample> training, IReadOnlyList<ChurnSample> holdout, string trainer, int seed)
    {
        var ml = new MLContext(seed);
        var trainView = ml.Data.LoadFromEnumerable(training.Select(s => ChurnModelRow.From(s.Features, s.Churned)));
        var holdoutView = ml.Data.LoadFromEnumerable(holdout.Select(s => ChurnModelRow.From(s.Features, s.Churned)));

        var features = ml.Transforms.Concatenate("Features", ChurnModelRow.FeatureColumns)
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var model = trainer switch
        {
            Lbfgs => (ITransformer)features
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: "Label", featureColumnName: "Features"))
                .Fit(trainView),
            FastTree => features
                .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features",
                    numberOfLeaves: 16, numberOfTrees: 100, minimumExampleCountPerLeaf: 20))
                .Fit(trainView),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
        };

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(holdoutView), labelColumnName: "Label");
        using var stream = new MemoryStream();
        ml.Model.Save(model, trainView.Schema, stream);
        return new TrainedModel(model, stream.ToArray(), trainer, training.Count, holdout.Count, metrics.AreaUnderRocCurve);
    }

    /// <summary>Generated data split into training rows and a holdout (the last <paramref name="holdoutFraction"/>).</summary>
    public static TrainedModel TrainOnGeneratedData(int rows, double holdoutFraction, string trainer, int seed)
    {
        var samples = ChurnDataGenerator.Generate(rows, seed);
        var holdoutRows = (int)Math.Round(rows * holdoutFraction);
        var split = rows - holdoutRows;
        return Train(samples.Take(split).ToList(), samples.Skip(split).ToList(), trainer, seed);
    }
}
