using Suite.Reporting.Domain;

namespace Suite.Reporting.Tests;

public class TablePaginationTests
{
    // header 20, rows 16: a 340-high area holds the header and 20 rows; a 660-high one holds 40.
    public static TheoryData<int, double, double, (int First, int Count)[]> Cases => new()
    {
        { 0, 340, 660, [(0, 0)] },
        { 1, 340, 660, [(0, 1)] },
        { 20, 340, 660, [(0, 20)] },
        { 21, 340, 660, [(0, 20), (20, 1)] },
        { 60, 340, 660, [(0, 20), (20, 40)] },
        { 61, 340, 660, [(0, 20), (20, 40), (60, 1)] },
        { 100, 340, 660, [(0, 20), (20, 40), (60, 40)] },
        // The first page has no room for the header and a row: the table starts on page 2.
        { 5, 30, 660, [(0, 0), (0, 5)] },
        { 5, -10, 660, [(0, 0), (0, 5)] },
        // Exactly one row fits on the first page.
        { 3, 36, 660, [(0, 1), (1, 2)] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Splits_rows_over_pages(int rows, double firstPageHeight, double pageHeight, (int First, int Count)[] expected)
    {
        var slices = TablePagination.Paginate(rows, firstPageHeight, pageHeight, headerHeight: 20, rowHeight: 16);
        Assert.Equal(expected, slices.Select(s => (s.First, s.Count)).ToArray());
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 10_000)]
    [InlineData(999, 333)]
    public void Every_row_lands_on_exactly_one_page(int rows, double pageHeight)
    {
        var slices = TablePagination.Paginate(rows, 300, pageHeight, 20, 16);
        var covered = slices.SelectMany(s => Enumerable.Range(s.First, s.Count)).ToList();
        Assert.Equal(Enumerable.Range(0, rows), covered);
    }

    [Fact]
    public void A_page_must_hold_at_least_one_row() =>
        Assert.Throws<ArgumentException>(() => TablePagination.Paginate(10, 100, 30, 20, 16));
}
