using System.Text.Json;
using System.Text.Json.Serialization;

namespace Suite.Predictions.CsvTraining;

public enum CsvColumnKind
{
    Numeric,
    Categorical,
}

/// <summary>
/// How one input column becomes features. Numeric: the value, blanks replaced by <see cref="Mean"/> (of the training
/// rows) and, when the training rows had blanks, a 0/1 "&lt;name&gt;_missing" indicator. Categorical: one 0/1 feature
/// per entry of <see cref="Categories"/>, which may end with <see cref="CsvSchema.Other"/> and <see cref="CsvSchema.Missing"/>.
/// </summary>
public sealed record CsvColumnSchema(string Name, CsvColumnKind Kind, double Mean, bool HasMissingIndicator, IReadOnlyList<string> Categories);

/// <summary>
/// What was learned about an uploaded table, stored next to the model (as JSON) so scoring encodes rows exactly like
/// training did. Feature order — and so the model's input — follows <see cref="Columns"/>.
/// </summary>
public sealed record CsvSchema(int Version, string LabelColumn, string? IdColumn, IReadOnlyList<CsvColumnSchema> Columns)
{
    public const int CurrentVersion = 1;

    /// <summary>Category slot for values outside the kept (most frequent) ones.</summary>
    public const string Other = "(other)";

    /// <summary>Category slot for blank values.</summary>
    public const string Missing = "(missing)";

    public const string MissingSuffix = "_missing";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Names of the encoded features, in encoding order: "seats", "seats_missing", "plan=pro", "plan=(other)".</summary>
    public IReadOnlyList<string> FeatureNames() =>
        Columns.SelectMany(c => c.Kind == CsvColumnKind.Numeric
                ? c.HasMissingIndicator ? [c.Name, c.Name + MissingSuffix] : new[] { c.Name }
                : c.Categories.Select(category => $"{c.Name}={category}"))
            .ToArray();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored schema; anything unreadable is a <see cref="FormatException"/>.</summary>
    public static CsvSchema FromJson(string json)
    {
        CsvSchema? schema;
        try
        {
            schema = JsonSerializer.Deserialize<CsvSchema>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException("the schema JSON is invalid", e);
        }
        if (schema is null)
        {
            throw new FormatException("the schema JSON is null");
        }
        if (schema.Version != CurrentVersion)
        {
            throw new FormatException($"schema version {schema.Version} is not supported (expected {CurrentVersion})");
        }
        if (schema.Columns is null || schema.Columns.Count == 0 || schema.Columns.Any(c => c is null || string.IsNullOrEmpty(c.Name) || c.Categories is null))
        {
            throw new FormatException("the schema has no usable columns");
        }
        return schema;
    }
}
