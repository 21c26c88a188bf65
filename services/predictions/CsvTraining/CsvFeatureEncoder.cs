namespace Suite.Predictions.CsvTraining;

/// <summary>
/// Turns a row of text values into the model's fixed-size float vector, following a <see cref="CsvSchema"/>:
/// numeric values as they are (blank or unreadable → the training mean, plus the missing indicator when the schema has
/// one), categoricals one-hot. A value outside the kept categories goes to "(other)" when training had such values;
/// otherwise it is unknown and encodes as all zeros, as does a blank without a "(missing)" slot. Thread-safe.
/// </summary>
public sealed class CsvFeatureEncoder
{
    private readonly Dictionary<string, int>[] _categorySlots;
    private readonly int[] _offsets;

    public CsvFeatureEncoder(CsvSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        FeatureNames = schema.FeatureNames();
        _offsets = new int[schema.Columns.Count];
        _categorySlots = new Dictionary<string, int>[schema.Columns.Count];
        var offset = 0;
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var column = schema.Columns[i];
            _offsets[i] = offset;
            _categorySlots[i] = column.Categories
                .Select((category, slot) => (category, slot))
                .ToDictionary(c => c.category, c => c.slot, StringComparer.Ordinal);
            offset += Width(column);
        }
        FeatureCount = offset;
    }

    public CsvSchema Schema { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public int FeatureCount { get; }

    /// <summary>Encodes a row keyed by column name; absent columns count as blank.</summary>
    public float[] Encode(IReadOnlyDictionary<string, string?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var features = new float[FeatureCount];
        for (var i = 0; i < Schema.Columns.Count; i++)
        {
            EncodeColumn(i, row.GetValueOrDefault(Schema.Columns[i].Name), features);
        }
        return features;
    }

    /// <summary>Encodes the given rows of a table whose header holds every schema column.</summary>
    public float[][] Encode(CsvTable table, IReadOnlyList<int> rows)
    {
        var indices = Schema.Columns
            .Select(c => table.IndexOf(c.Name) is var index and >= 0
                ? index
                : throw new ArgumentException($"the table has no column '{c.Name}'", nameof(table)))
            .ToArray();
        var encoded = new float[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var values = table.Rows[rows[r]];
            var features = new float[FeatureCount];
            for (var i = 0; i < indices.Length; i++)
            {
                EncodeColumn(i, values[indices[i]], features);
            }
            encoded[r] = features;
        }
        return encoded;
    }

    private void EncodeColumn(int index, string? value, float[] features)
    {
        var column = Schema.Columns[index];
        var offset = _offsets[index];
        if (column.Kind == CsvColumnKind.Numeric)
        {
            var present = CsvSchemaInference.TryParseNumber(value, out var number);
            features[offset] = (float)(present ? number : column.Mean);
            if (column.HasMissingIndicator)
            {
                features[offset + 1] = present ? 0 : 1;
            }
            return;
        }
        var slots = _categorySlots[index];
        var key = CsvSchemaInference.IsBlank(value) ? CsvSchema.Missing : value!.Trim();
        if (slots.TryGetValue(key, out var slot) || (key != CsvSchema.Missing && slots.TryGetValue(CsvSchema.Other, out slot)))
        {
            features[offset + slot] = 1;
        }
    }

    private static int Width(CsvColumnSchema column) =>
        column.Kind == CsvColumnKind.Numeric ? (column.HasMissingIndicator ? 2 : 1) : column.Categories.Count;
}
