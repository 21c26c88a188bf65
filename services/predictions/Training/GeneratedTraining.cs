using Suite.Predictions.Domain;
using Suite.Predictions.Registry;

namespace Suite.Predictions.Training;

/// <summary>Candidates trained on the data generators (known ground truth): the global models and demos.</summary>
public static class GeneratedTraining
{
    /// <summary>Conversion on generated data starts from the published baseline (no generator data needed).</summary>
    public static Candidate Train(string kind, int rows, double holdoutFraction, string trainer, int seed) => kind switch
    {
        ModelKinds.Churn => Split(ChurnDataGenerator.Generate(rows, seed), holdoutFraction,
            (training, holdout) => ModelTraining.Churn(training, holdout, trainer, seed, ModelSources.Generated)),
        ModelKinds.Threat => Split(ThreatDataGenerator.Generate(rows, seed), holdoutFraction,
            (training, holdout) => ModelTraining.Threat(training, holdout, trainer, seed, ModelSources.Generated)),
        ModelKinds.Conversion => ModelTraining.BaselineConversion(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind"),
    };

    /// <summary>A conversion model trained (not the baseline) on generated quotes.</summary>
    public static Candidate TrainConversion(int rows, double holdoutFraction, int seed) =>
        Split(ConversionDataGenerator.Generate(rows, seed), holdoutFraction,
            (training, holdout) => ModelTraining.Conversion(training, holdout, seed, ModelSources.Generated));

    // Generated rows are independent draws: the last ones are as good a holdout as a shuffled split.
    private static Candidate Split<T>(IReadOnlyList<T> rows, double holdoutFraction, Func<IReadOnlyList<T>, IReadOnlyList<T>, Candidate> train)
    {
        var split = rows.Count - (int)Math.Round(rows.Count * holdoutFraction);
        return train(rows.Take(split).ToList(), rows.Skip(split).ToList());
    }
}
