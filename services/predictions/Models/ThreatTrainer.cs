using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>
/// Trains the login-threat classifier on the factors plus the rule-based risk score (see
/// <see cref="BinaryClassifierTraining"/>); "auto" picks logistic regression or FastTree by validation AUC.
/// <see cref="TrainedModel.FeatureMeans"/> are in <see cref="ThreatFactors.FieldNames"/> order (the score is derived).
/// </summary>
public static class ThreatTrainer
{
    public static readonly IReadOnlyList<string> Trainers =
        [BinaryClassifierTraining.Lbfgs, BinaryClassifierTraining.FastTree, BinaryClassifierTraining.Auto];

    public static TrainedModel Train(IReadOnlyList<ThreatSample> training, IReadOnlyList<ThreatSample> holdout, string trainer, int seed) =>
        BinaryClassifierTraining.Train(Rows(training), Rows(holdout), r => r.Label, ThreatModelRow.FeatureColumns, trainer, seed, Means(training));

    public static TrainedModel TrainBest(IReadOnlyList<ThreatSample> training, IReadOnlyList<ThreatSample> holdout, int seed) =>
        BinaryClassifierTraining.TrainBest(Rows(training), Rows(holdout), r => r.Label, ThreatModelRow.FeatureColumns, seed, Means(training));

    /// <summary>Generated data split into training rows and a holdout (the last <paramref name="holdoutFraction"/>).</summary>
    public static TrainedModel TrainOnGeneratedData(int rows, double holdoutFraction, string trainer, int seed)
    {
        var samples = ThreatDataGenerator.Generate(rows, seed);
        var split = rows - (int)Math.Round(rows * holdoutFraction);
        return Train(samples.Take(split).ToList(), samples.Skip(split).ToList(), trainer, seed);
    }

    private static List<ThreatModelRow> Rows(IReadOnlyList<ThreatSample> samples) =>
        samples.Select(s => ThreatModelRow.From(s.Factors, s.Compromised)).ToList();

    private static double[] Means(IReadOnlyList<ThreatSample> samples) =>
        BinaryClassifierTraining.Means(samples.Select(s => s.Factors.ToArray()));
}
