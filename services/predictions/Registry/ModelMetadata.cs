using System.Text.Json;

namespace Suite.Predictions.Registry;

/// <summary>What serving needs besides the model bytes, stored as JSON next to them.</summary>
/// <param name="FeatureMeans">Training means per feature (explanations compare with an average row).</param>
/// <param name="CsvSchema">For CSV models: the inferred schema that encodes a row (CsvSchema JSON).</param>
public sealed record ModelMetadata(IReadOnlyList<double>? FeatureMeans = null, string? CsvSchema = null, string? LabelColumn = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, ModelRegistry.Json);

    public static ModelMetadata Parse(string? json) =>
        json is null ? new ModelMetadata() : JsonSerializer.Deserialize<ModelMetadata>(json, ModelRegistry.Json) ?? new ModelMetadata();
}
