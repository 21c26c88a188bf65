using Suite.Predictions.Domain;
using Suite.Predictions.Features;
using Suite.Predictions.Models;
using Suite.Predictions.Registry;

namespace Suite.Predictions.Training;

/// <summary>A candidate from the feature store, or why there is none (too few rows, one class only).</summary>
public sealed record FeatureStoreCandidate(Candidate? Candidate, string? Problem);

/// <summary>Trains a tenant's model from its own feature store rows (shared by TrainModel and the retraining job).</summary>
public static class FeatureStoreTraining
{
    public static async Task<FeatureStoreCandidate> TrainAsync(ITrainingData data, string tenant, string kind, DateOnly snapshot, int days, string trainer,
        PredictionsOptions options, CancellationToken ct)
    {
        switch (kind)
        {
            case ModelKinds.Churn:
            {
                var rows = await data.ChurnAsync(tenant, snapshot, ct);
                return Check(rows.Count, rows.Count(r => r.Churned), options.RetrainMinimumRows) is { } problem
                    ? new FeatureStoreCandidate(null, problem)
                    : await TrainOffThreadAsync(rows, options, (t, h) => ModelTraining.Churn(t, h, trainer, options.Seed, ModelSources.FeatureStore));
            }
            case ModelKinds.Conversion:
            {
                var rows = await data.ConversionAsync(tenant, snapshot, days, ct);
                var minimum = Math.Max(options.RetrainMinimumRows, ConversionTrainer.MinimumLabelledQuotes);
                return Check(rows.Count, rows.Count(r => r.Converted), minimum) is { } problem
                    ? new FeatureStoreCandidate(null, problem)
                    : await TrainOffThreadAsync(rows, options, (t, h) => ModelTraining.Conversion(t, h, options.Seed, ModelSources.FeatureStore));
            }
            case ModelKinds.Threat:
            {
                var rows = await data.ThreatAsync(tenant, snapshot, days, ct);
                return Check(rows.Count, rows.Count(r => r.Compromised), options.RetrainMinimumRows) is { } problem
                    ? new FeatureStoreCandidate(null, problem)
                    : await TrainOffThreadAsync(rows, options, (t, h) => ModelTraining.Threat(t, h, trainer, options.Seed, ModelSources.FeatureStore));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind");
        }
    }

    /// <summary>Null when the rows can train a model.</summary>
    public static string? Check(int rows, int positives, int minimum) =>
        rows < minimum ? $"only {rows} labelled rows in the feature store; at least {minimum} are needed"
        : positives == 0 || positives == rows ? $"all {rows} labelled rows have the same label; both outcomes are needed"
        : null;

    private static async Task<FeatureStoreCandidate> TrainOffThreadAsync<T>(IReadOnlyList<T> rows, PredictionsOptions options, Func<IReadOnlyList<T>, IReadOnlyList<T>, Candidate> train)
    {
        var (training, holdout) = ModelTraining.Split(rows, options.HoldoutFraction, options.Seed);
        return new FeatureStoreCandidate(await Task.Run(() => train(training, holdout)), null);
    }
}
