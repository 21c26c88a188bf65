using Suite.Predictions.Domain;

namespace Suite.Predictions.Features;

/// <summary>Labelled rows from the feature store (labels derived from later events; TrueProbability is NaN).</summary>
public interface ITrainingData
{
    /// <summary>Accounts known at <paramref name="snapshot"/>, features as of then, label = cancelled within the horizon after.</summary>
    Task<IReadOnlyList<ChurnSample>> ChurnAsync(string tenant, DateOnly snapshot, CancellationToken ct);

    /// <summary>Quotes requested in the <paramref name="days"/> up to <paramref name="to"/>, label = ordered within 30 days.</summary>
    Task<IReadOnlyList<ConversionSample>> ConversionAsync(string tenant, DateOnly to, int days, CancellationToken ct);

    /// <summary>Login attempts in the window, label = compromise confirmed for the user within 7 days after.</summary>
    Task<IReadOnlyList<ThreatSample>> ThreatAsync(string tenant, DateOnly to, int days, CancellationToken ct);
}
