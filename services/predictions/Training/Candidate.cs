using Suite.Predictions.Registry;

namespace Suite.Predictions.Training;

/// <summary>
/// A trained model not yet registered, with a way to score the currently serving model on the candidate's own
/// holdout: "better" means better on the same rows. Null from <see cref="HoldoutAucOf"/> means not comparable
/// (another kind of input, e.g. a CSV model against the built-in features).
/// </summary>
public sealed record Candidate(ModelArtifact Artifact, Func<LoadedModel, double?> HoldoutAucOf);
