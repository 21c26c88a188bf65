using System.Collections.Frozen;

namespace Suite.Predictions.CsvTraining;

/// <summary>Reads the yes/no outcome a model learns (churned or not) from the spellings exports actually use.</summary>
public static class CsvLabels
{
    private static readonly FrozenDictionary<string, bool> Values = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["false"] = false,
        ["t"] = true, ["f"] = false,
        ["1"] = true, ["0"] = false,
        ["yes"] = true, ["no"] = false,
        ["y"] = true, ["n"] = false,
        ["churned"] = true, ["retained"] = false,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public const string Accepted = "true/false, t/f, 1/0, yes/no, y/n or churned/retained";

    public static bool? TryParse(string? value) =>
        value is not null && Values.TryGetValue(value.Trim(), out var label) ? label : null;

    /// <summary>The label of every row; a value that is not a recognised yes/no is an error naming its line.</summary>
    public static bool[] Parse(CsvTable table, int labelIndex)
    {
        var labels = new bool[table.RowCount];
        for (var row = 0; row < table.RowCount; row++)
        {
            var value = table.Rows[row][labelIndex];
            labels[row] = TryParse(value) ?? throw new CsvDataException(table.LineNumbers[row],
                $"label '{Shorten(value)}' in column '{table.Columns[labelIndex]}' is not one of {Accepted}");
        }
        return labels;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
