using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Tests.Rendering;

/// <summary>
/// A known report for the renderer tests: three headlines (one flagged), two tables (a long one of 150 days, and one
/// whose text needs escaping and quoting), three charts (line with two series, bar, pie) and a section with text.
/// </summary>
public static class SampleDocument
{
    public static readonly DateOnly FirstDay = new(2026, 1, 1);
    public const int Days = 150;

    public static long Logins(int day) => 1000 + day * 7;

    /// <summary>Failure rate of a day as a fraction: 0.0125, 0.025, … (never above 0.1).</summary>
    public static double FailureRate(int day) => day % 8 * 0.0125;

    public static readonly (string Name, long RevenueMinor, double Health, DateTimeOffset LastSeen)[] Accounts =
    [
        ("Acme, Inc. \"West\"\nBranch", 1_234_567, 0.42, new DateTimeOffset(2026, 5, 30, 14, 5, 0, TimeSpan.Zero)),
        ("<script>alert('x')</script> & Co", 99, 0.155, new DateTimeOffset(2026, 5, 29, 0, 0, 0, TimeSpan.Zero)),
        ("=SUM(A1:A9)", 500_000, 0.9, new DateTimeOffset(2026, 5, 1, 23, 59, 59, TimeSpan.Zero)),
    ];

    public static ReportDocument Build() => new(
        "Weekly review <Acme & Co>",
        "acme",
        "2026-01-01 to 2026-05-31 (UTC)",
        new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero),
        [
            new HeadlineBlock(
            [
                new Headline("Logins", 12_345, "12,345", "+5.2 % vs previous week", Flag.Good),
                new Headline("Login failure rate", 0.1234, "12.34 %", Flag: Flag.Alert, Note: "above 10 %"),
                new Headline("Revenue", 12_345.67, "$12,345.67"),
            ]),
            new SectionBlock("Activity"),
            new TextBlock("Logins & failures per day; failure rates above 10 % are flagged <in red>."),
            new ChartBlock("Logins per day", ChartKind.Line, Enumerable.Range(0, 90).Select(Day).ToList(),
            [
                new ChartSeries("logins", Enumerable.Range(0, 90).Select(d => (double?)Logins(d)).ToList()),
                new ChartSeries("failed", Enumerable.Range(0, 90).Select(d => (double?)(Logins(d) * FailureRate(d))).ToList()),
            ], "logins"),
            new ChartBlock("Quotes by channel", ChartKind.Bar, ["portal", "staff", "email"], [new ChartSeries("quotes", [120, 80, null])]),
            new ChartBlock("Engagement tiers", ChartKind.Pie, ["power", "normal", "low"], [new ChartSeries("accounts", [50, 30, 20])]),
            new TableBlock("Daily logins",
                [new TableColumn("Date", ColumnKind.Date), new TableColumn("Logins", ColumnKind.Number), new TableColumn("Failure rate", ColumnKind.Percent)],
                Enumerable.Range(0, Days).Select(d => (IReadOnlyList<Cell>)
                [
                    new Cell(Day(d), FirstDay.AddDays(d)),
                    new Cell(Logins(d).ToString("#,##0", CultureInfo.InvariantCulture), Logins(d)),
                    new Cell((FailureRate(d) * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %", FailureRate(d)),
                ]).ToList()),
            new SectionBlock("Accounts"),
            new TableBlock("Accounts at risk",
                [new TableColumn("Account", Width: 2), new TableColumn("Revenue", ColumnKind.Money), new TableColumn("Health", ColumnKind.Percent), new TableColumn("Last seen (UTC)", ColumnKind.Date, 1.5f)],
                Accounts.Select(a => (IReadOnlyList<Cell>)
                [
                    Cell.Of(a.Name),
                    new Cell((a.RevenueMinor / 100m).ToString("$#,##0.00", CultureInfo.InvariantCulture), a.RevenueMinor / 100m),
                    new Cell((a.Health * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %", a.Health, a.Health < 0.2 ? Flag.Alert : Flag.None),
                    new Cell(a.LastSeen.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), a.LastSeen),
                ]).ToList()),
        ])
    {
        FileBase = "weekly-review_20260601",
    };

    public static string Day(int day) => FirstDay.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
