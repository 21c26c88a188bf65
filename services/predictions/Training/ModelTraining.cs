using System.Text.Json;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;
using Suite.Predictions.Registry;

namespace Suite.Predictions.Training;

/// <summary>Trains each kind from labelled rows into a registrable <see cref="Candidate"/>. Pure apart from CPU.</summary>
public static class ModelTraining
{
    /// <summary>Rows of the published conversion baseline's quality check (generated from the baseline itself).</summary>
    public const int BaselineCheckRows = 20_000;

    public static Candidate Churn(IReadOnlyList<ChurnSample> training, IReadOnlyList<ChurnSample> holdout, string trainer, int seed, string source)
    {
        var trained = ChurnTrainer.Train(training, holdout, trainer, seed);
        return new Candidate(
            new ModelArtifact(ModelKinds.Churn, trained.Trainer, source, trained.Quality, trained.Content, new ModelMetadata(trained.FeatureMeans).ToJson()),
            model => model is ChurnModel churn ? Auc(holdout.Select(s => churn.Score(s.Features)), holdout.Select(s => s.Churned)) : null);
    }

    public static Candidate Threat(IReadOnlyList<ThreatSample> training, IReadOnlyList<ThreatSample> holdout, string trainer, int seed, string source)
    {
        var trained = ThreatTrainer.Train(training, holdout, trainer, seed);
        return new Candidate(
            new ModelArtifact(ModelKinds.Threat, trained.Trainer, source, trained.Quality, trained.Content, new ModelMetadata(trained.FeatureMeans).ToJson()),
            model => model is ThreatModel threat ? Auc(holdout.Select(s => threat.Score(s.Factors)), holdout.Select(s => s.Compromised)) : null);
    }

    public static Candidate Conversion(IReadOnlyList<ConversionSample> training, IReadOnlyList<ConversionSample> holdout, int seed, string source)
    {
        var trained = ConversionTrainer.Train(
            training.Select(s => (s.Features, s.Converted)).ToList(), holdout.Select(s => (s.Features, s.Converted)).ToList(), seed);
        return ConversionCandidate(trained.Coefficients, BinaryClassifierTraining.Lbfgs, source, trained.Quality, holdout);
    }

    /// <summary>The business's published coefficients as a model, its quality measured on data generated from them.</summary>
    public static Candidate BaselineConversion(int seed)
    {
        var check = ConversionDataGenerator.Generate(BaselineCheckRows, seed);
        var baseline = ConversionCoefficients.Baseline;
        var quality = HoldoutMetrics.Compute(0, check.Select(s => baseline.Probability(s.Features)).ToList(), check.Select(s => s.Converted).ToList());
        return ConversionCandidate(baseline, "baseline", ModelSources.Published, quality, check);
    }

    /// <summary>Deterministic shuffle, then the last <paramref name="holdoutFraction"/> as the holdout.</summary>
    public static (IReadOnlyList<T> Training, IReadOnlyList<T> Holdout) Split<T>(IReadOnlyList<T> rows, double holdoutFraction, int seed)
    {
        var shuffled = rows.ToArray();
        new Random(seed).Shuffle(shuffled);
        var holdout = (int)Math.Round(shuffled.Length * holdoutFraction);
        return (shuffled[..^holdout], shuffled[^holdout..]);
    }

    private static Candidate ConversionCandidate(ConversionCoefficients coefficients, string trainer, string source, ModelQuality quality,
        IReadOnlyList<ConversionSample> holdout) =>
        new(new ModelArtifact(ModelKinds.Conversion, trainer, source, quality, JsonSerializer.SerializeToUtf8Bytes(coefficients, ModelRegistry.Json), null),
            model => model is ConversionModel conversion
                ? Auc(holdout.Select(s => conversion.Coefficients.Probability(s.Features)), holdout.Select(s => s.Converted))
                : null);

    /// <summary>Null when the holdout has a single class (no ranking to measure).</summary>
    private static double? Auc(IEnumerable<double> probabilities, IEnumerable<bool> labels)
    {
        var l = labels.ToList();
        return l.Distinct().Count() < 2 ? null : RocAuc.Compute(probabilities.ToList(), l);
    }
}
