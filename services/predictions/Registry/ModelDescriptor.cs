using Suite.Predictions.Domain;

namespace Suite.Predictions.Registry;

/// <summary>What the registry knows about a model version, without its bytes.</summary>
/// <param name="Tenant">The owning tenant; <see cref="ModelRegistry.Global"/> for the built-in models every tenant shares.</param>
public sealed record ModelDescriptor(
    string Tenant, string Kind, string Version, string Trainer, string Source, string Status, DateTimeOffset TrainedAt, ModelQuality Quality)
{
    public long Rows => Quality.Rows;
    public long HoldoutRows => Quality.HoldoutRows;
    public double Auc => Quality.Auc;
    public bool IsGlobal => Tenant.Length == 0;
}

/// <summary>A stored version: description, serialized model (ML.NET bytes or JSON) and serving metadata (JSON).</summary>
public sealed record StoredModel(ModelDescriptor Descriptor, byte[] Content, string? Metadata);

/// <summary>A freshly trained model ready to be registered as a candidate.</summary>
public sealed record ModelArtifact(string Kind, string Trainer, string Source, ModelQuality Quality, byte[] Content, string? Metadata);

public static class ModelStatus
{
    public const string Candidate = "candidate";
    public const string Active = "active";
    public const string Retired = "retired";
}

public static class ModelSources
{
    public const string Generated = "generated";
    public const string FeatureStore = "feature_store";
    public const string Csv = "csv";
    public const string Published = "published";
}
