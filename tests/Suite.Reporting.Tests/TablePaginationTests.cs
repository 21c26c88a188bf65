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

    // header 20; rows of 16 (one line) and 40 (a text wrapped over three lines); pages 100 high after the first.
    public static TheoryData<double[], double, (int First, int Count)[]> MixedCases => new()
    {
        { [16, 40, 16], 200, [(0, 3)] },
        // 20 + 16 + 40 = 76 fits a first page of 80; the next 40 does not: it opens page 2.
        { [16, 40, 40, 16], 80, [(0, 2), (2, 2)] },
        // A tall row that does not fit the first page's rest moves whole; the first page keeps what fit.
        { [40, 40], 70, [(0, 1), (1, 1)] },
        { [40], 50, [(0, 0), (0, 1)] },
        // 20 + 40 + 40 = 100 exactly fills a page.
        { [40, 40, 40, 40, 16], 0, [(0, 0), (0, 2), (2, 2), (4, 1)] },
    };

    [Theory]
    [MemberData(nameof(MixedCases))]
    public void Rows_of_different_heights_never_split_and_fill_pages_in_order(double[] heights, double firstPageHeight, (int First, int Count)[] expected)
    {
        var slices = TablePagination.Paginate(heights, firstPageHeight, 100, headerHeight: 20);
        Assert.Equal(expected, slices.Select(s => (s.First, s.Count)).ToArray());
    }

    [Fact]
    public void A_row_taller_than_a_page_is_refused() =>
        Assert.Throws<ArgumentException>(() => TablePagination.Paginate([16, 90], 300, 100, 20));

    [Fact]
    public void A_page_must_hold_at_least_one_row() =>
        Assert.Throws<ArgumentException>(() => TablePagination.Paginate(10, 100, 30, 20, 16));
}
