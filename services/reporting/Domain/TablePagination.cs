namespace Suite.Reporting.Domain;

/// <summary>The rows of the table one page shows: rows [First, First + Count).</summary>
public readonly record struct PageSlice(int First, int Count);

/// <summary>
/// Splits a table over pages. Every page repeats the header row; the first page has less room (title, total and
/// chart sit above the table). When the first page cannot hold the header and one row, the table starts on the
/// next page (the first slice then has no rows). An empty table gets the single slice (0, 0).
/// </summary>
public static class TablePagination
{
    public static IReadOnlyList<PageSlice> Paginate(int rows, double firstPageHeight, double pageHeight, double headerHeight, double rowHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(headerHeight);
        var perPage = RowsThatFit(pageHeight, headerHeight, rowHeight);
        if (perPage < 1)
        {
            throw new ArgumentException("a page must hold the header and at least one row", nameof(pageHeight));
        }
        var onFirst = Math.Min(rows, Math.Max(0, RowsThatFit(firstPageHeight, headerHeight, rowHeight)));
        var slices = new List<PageSlice> { new(0, onFirst) };
        for (var next = onFirst; next < rows; next += perPage)
        {
            slices.Add(new PageSlice(next, Math.Min(perPage, rows - next)));
        }
        return slices;
    }

    private static int RowsThatFit(double height, double headerHeight, double rowHeight) =>
        (int)Math.Floor((height - headerHeight) / rowHeight + 1e-9);
}
