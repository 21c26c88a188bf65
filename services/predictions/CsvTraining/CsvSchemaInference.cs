using System.Globalization;

namespace Suite.Predictions.CsvTraining;

/// <summary>
/// Decides per column of an uploaded table how it becomes features (<see cref="CsvSchema"/>): numeric when every
/// non-blank value is an invariant-culture number, otherwise categorical with its most frequent values kept.
/// </summary>
public static class CsvSchemaInference
{
    public const int DefaultMaxCategories = 50;

    /// <summary>
    /// Infers the schema from <paramref name="rows"/> (all rows when null) — pass the training rows only, so means and
    /// kept categories never peek at the holdout. Labels are checked on every row of the table.
    /// </summary>
    public static CsvSchema Infer(CsvTable table, string labelColumn, string? idColumn = null, IReadOnlyList<int>? rows = null, int maxCategories = DefaultMaxCategories)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCategories, 1);
        var labelIndex = table.IndexOf(labelColumn);
        if (labelIndex < 0)
        {
            throw new ArgumentException($"the label column '{labelColumn}' is not in the header", nameof(labelColumn));
        }
        var idIndex = -1;
        if (!string.IsNullOrWhiteSpace(idColumn))
        {
            idIndex = table.IndexOf(idColumn);
            if (idIndex < 0)
            {
                throw new ArgumentException($"the id column '{idColumn}' is not in the header", nameof(idColumn));
            }
            if (idIndex == labelIndex)
            {
                throw new ArgumentException("the id column cannot be the label column", nameof(idColumn));
            }
        }

        var labels = CsvLabels.Parse(table, labelIndex);
        if (labels.All(l => l) || !labels.Any(l => l))
        {
            throw new CsvDataException(null, $"the label column '{table.Columns[labelIndex]}' needs both outcomes, found only {(labels.FirstOrDefault() ? "positive" : "negative")} ones");
        }

        rows ??= Enumerable.Range(0, table.RowCount).ToArray();
        var columns = new List<CsvColumnSchema>();
        for (var column = 0; column < table.Columns.Count; column++)
        {
            if (column != labelIndex && column != idIndex)
            {
                columns.Add(InferColumn(table, column, rows, maxCategories));
            }
        }
        if (columns.Count == 0)
        {
            throw new CsvDataException(1, "no feature columns: the table has only the label and id columns");
        }
        return new CsvSchema(CsvSchema.CurrentVersion, table.Columns[labelIndex], idIndex < 0 ? null : table.Columns[idIndex], columns);
    }

    /// <summary>Blank: empty or whitespace only.</summary>
    public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    public static bool TryParseNumber(string? value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static CsvColumnSchema InferColumn(CsvTable table, int column, IReadOnlyList<int> rows, int maxCategories)
    {
        var name = table.Columns[column];
        int blanks = 0, numbers = 0;
        double sum = 0;
        var numeric = true;
        foreach (var row in rows)
        {
            var value = table.Rows[row][column];
            if (IsBlank(value))
            {
                blanks++;
            }
            else if (numeric && TryParseNumber(value, out var number))
            {
                numbers++;
                sum += number;
            }
            else
            {
                numeric = false;
            }
        }
        // A column with no values at all is categorical: it becomes a single constant "(missing)" feature.
        if (numeric && numbers > 0)
        {
            return new CsvColumnSchema(name, CsvColumnKind.Numeric, sum / numbers, blanks > 0, []);
        }
        return new CsvColumnSchema(name, CsvColumnKind.Categorical, 0, false, Categories(table, column, rows, maxCategories));
    }

    // Most frequent first (ties in ordinal order, for a stable feature order), then the (other) and (missing) slots
    // when needed. Literal "(other)" and "(missing)" values fall into those slots rather than becoming duplicates.
    private static List<string> Categories(CsvTable table, int column, IReadOnlyList<int> rows, int maxCategories)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = false;
        var other = false;
        foreach (var row in rows)
        {
            var value = table.Rows[row][column];
            if (IsBlank(value) || value.Trim() == CsvSchema.Missing)
            {
                missing = true;
                continue;
            }
            var key = value.Trim();
            if (key == CsvSchema.Other)
            {
                other = true;
                continue;
            }
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        var kept = counts
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(maxCategories)
            .Select(c => c.Key)
            .ToList();
        if (other || counts.Count > maxCategories)
        {
            kept.Add(CsvSchema.Other);
        }
        if (missing)
        {
            kept.Add(CsvSchema.Missing);
        }
        return kept;
    }
}
