using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class WeeklyReviewReportTests
{
    private static readonly DateOnly First = new(2026, 2, 23);

    /// <summary>15 days: one dropped partial day, then two weeks. Week 1: 10 portal + 10 staff quotes a day; week 2: 15 + 5.</summary>
    private static List<ReviewDay> Days() => Enumerable.Range(0, 15).Select(i => i switch
    {
        0 => new ReviewDay(First, 999, 999, 999, 999, 1, 1),
        <= 7 => new ReviewDay(First.AddDays(i), 10, 10, 3, 2, 100 + i, 400),
        _ => new ReviewDay(First.AddDays(i), 15, 5, 6, 1, 200 + i, 500),
    }).ToList();

    [Fact]
    public void Weeks_are_seven_days_ending_with_the_last_day()
    {
        var weeks = WeeklyReviewReport.Weeks(Days());
        Assert.Equal(2, weeks.Count);
        Assert.Equal(new ReviewWeek(First.AddDays(1), 70, 70, 21, 14, 107, 400), weeks[0]);
        Assert.Equal(new ReviewWeek(First.AddDays(8), 105, 35, 42, 7, 214, 500), weeks[1]);
        Assert.Equal(0.75, weeks[1].PortalShare);
        Assert.Equal(0.4, weeks[1].PortalConversion);
        Assert.Equal(0.2, weeks[1].StaffConversion);
        Assert.Equal(1.0, weeks[1].Lift!.Value, 12);      // 40 % vs 20 %: +100 %
        Assert.Equal(0.428, weeks[1].Engagement);
    }

    [Theory]
    // portal quotes, portal orders, staff quotes, staff orders → lift (null: no base)
    [InlineData(100, 30, 100, 20, 0.5)]
    [InlineData(100, 20, 100, 20, 0.0)]
    [InlineData(100, 10, 100, 20, -0.5)]
    [InlineData(0, 0, 100, 20, null)]
    [InlineData(100, 30, 100, 0, null)]     // staff converted nothing: no ratio
    public void Lift_compares_the_channels(long portalQuotes, long portalOrders, long staffQuotes, long staffOrders, double? lift)
    {
        var week = new ReviewWeek(First, portalQuotes, staffQuotes, portalOrders, staffOrders, 0, 0);
        if (lift is null)
        {
            Assert.Null(week.Lift);
        }
        else
        {
            Assert.Equal(lift.Value, week.Lift!.Value, 12);
        }
    }

    [Fact]
    public void The_review_shows_the_last_week_against_the_one_before()
    {
        var document = WeeklyReviewReport.Build("acme", "week of 2026-03-03", DateTimeOffset.UnixEpoch, Days());
        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal(("140", "0.0 % vs previous week"), (headlines["Quotes"].Text, headlines["Quotes"].Change));
        Assert.Equal(("75.0 %", "+25.0 pp vs previous week"), (headlines["Portal share"].Text, headlines["Portal share"].Change));
        Assert.Equal(("+100.0 %", Flag.Good), (headlines["Portal lift"].Text, headlines["Portal lift"].Flag));
        Assert.Equal(("214", "+100.0 % vs previous week"), (headlines["Weekly active users"].Text, headlines["Weekly active users"].Change));
        Assert.Equal("42.8 %", headlines["Engagement"].Text);

        var table = Assert.Single(document.Tables);
        Assert.Equal(["2026-02-24", "70", "70", "50.0 %", "30.0 %", "20.0 %", "+50.0 %", "107", "26.8 %"], table.Rows[0].Select(c => c.Text));
        Assert.Equal(3, document.Charts.Count());
        Assert.Equal([105.0, 35.0], document.Charts.First().Series.Select(s => s.Values[1]!.Value));
    }

    [Fact]
    public void Fewer_than_seven_days_say_so() =>
        Assert.Equal("Not enough data: the review needs at least seven days.",
            Assert.IsType<TextBlock>(Assert.Single(WeeklyReviewReport.Build("acme", "-", DateTimeOffset.UnixEpoch, Days().Take(6).ToList()).Blocks)).Text);
}

public sealed class WeeklyReviewPdfTests
{
    [Fact]
    public void The_week_by_week_table_prints_whole_dates_and_headers()
    {
        var first = new DateOnly(2026, 10, 10);
        var days = Enumerable.Range(0, 56).Select(i => new ReviewDay(first.AddDays(i), 1234, 567, 89, 12, 12345, 23456)).ToList();
        var document = WeeklyReviewReport.Build("acme", "-", DateTimeOffset.UnixEpoch, days);

        var text = string.Join("\n", PdfText.Pages(new Suite.Reporting.Rendering.PdfReportRenderer(new Suite.Reporting.Rendering.ReportFonts()).Render(document).Bytes));

        Assert.DoesNotContain("…", text);
        // Headers too wide for one line go on two (a reader extracts the first lines, then the second).
        Assert.Contains("Portal Staff Portal Portal Staff Week of quotes quotes share conv. conv. Lift WAU Engagement", text);
        Assert.Contains("2026-11-28 8,638 3,969 68.5 % 7.2 % 2.1 % +240.8 % 12,345 52.6 %", text);
    }
}
