namespace Suite.Predictions.CsvTraining;

/// <summary>
/// A parsed upload: header names and data rows of exactly as many fields, with the line each row starts on
/// (quoted fields can span lines) so later checks can point at the place in the file.
/// </summary>
public sealed class CsvTable
{
    public CsvTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<long> lineNumbers)
    {
        if (rows.Count != lineNumbers.Count)
        {
            throw new ArgumentException("every row needs its line number", nameof(lineNumbers));
        }
        Columns = columns;
        Rows = rows;
        LineNumbers = lineNumbers;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>1-based line of the file on which each row starts (the header is line 1).</summary>
    public IReadOnlyList<long> LineNumbers { get; }

    public int RowCount => Rows.Count;

    /// <summary>Index of a column by name, ignoring case (header names are unique ignoring case), or −1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>One row keyed by column name, the shape <see cref="CsvFeatureEncoder"/> and the scorer take.</summary>
    public IReadOnlyDictionary<string, string?> RowAsDictionary(int row)
    {
        var values = new Dictionary<string, string?>(Columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            values[Columns[i]] = Rows[row][i];
        }
        return values;
    }
}
