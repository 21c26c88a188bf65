namespace Suite.Reporting.Domain;

/// <summary>The rows of the table one page shows: rows [First, First + Count).</summary>
public readonly record struct PageSlice(int First, int Count);

/// <summary>
/// Splits a table over pages. Every page repeats the header row; the first page has less room (title, total and
/// chart sit above the table). When the first page cannot hold the header and one row, the table starts on the
/// next page (the first slice then has no rows). An empty table gets the single slice (0, 0). Rows may differ in
/// height (a long text wrapped over lines); a row is never split.
/// </summary>
public static class TablePagination
{
    public static IReadOnlyList<PageSlice> Paginate(int rows, double firstPageHeight, double pageHeight, double headerHeight, double rowHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return Paginate(Enumerable.Repeat(rowHeight, rows).ToList(), firstPageHeight, pageHeight, headerHeight);
    }

    public static IReadOnlyList<PageSlice> Paginate(IReadOnlyList<double> rowHeights, double firstPageHeight, double pageHeight, double headerHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headerHeight);
        foreach (var height in rowHeights)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
            if (headerHeight + height > pageHeight + 1e-9)
            {
                throw new ArgumentException("a page must hold the header and at least one row", nameof(pageHeight));
            }
        }
        var slices = new List<PageSlice>();
        var first = 0;
        var room = firstPageHeight - headerHeight;
        var count = 0;
        for (var i = 0; i < rowHeights.Count; i++)
        {
            if (rowHeights[i] > room + 1e-9)
            {
                slices.Add(new PageSlice(first, count));
                (first, count, room) = (i, 0, pageHeight - headerHeight);
            }
            room -= rowHeights[i];
            count++;
        }
        slices.Add(new PageSlice(first, count));
        return slices;
    }
}
