using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// One UTC day of the weekly review's inputs: quotes and orders per channel (portal / staff-entered, from the events'
/// service_code) and the active users as of that day.
/// </summary>
public sealed record ReviewDay(DateOnly Day, long PortalQuotes, long StaffQuotes, long PortalOrders, long StaffOrders, long Wau, long Mau);

/// <summary>A week's sums and rates (null where the base is 0).</summary>
public sealed record ReviewWeek(DateOnly Start, long PortalQuotes, long StaffQuotes, long PortalOrders, long StaffOrders, long Wau, long Mau)
{
    public long Quotes => PortalQuotes + StaffQuotes;
    public double? PortalShare => Quotes == 0 ? null : PortalQuotes / (double)Quotes;
    public double? PortalConversion => PortalQuotes == 0 ? null : PortalOrders / (double)PortalQuotes;
    public double? StaffConversion => StaffQuotes == 0 ? null : StaffOrders / (double)StaffQuotes;

    /// <summary>Portal conversion over staff conversion, minus 1: how much better quotes convert when customers enter them.</summary>
    public double? Lift => PortalConversion is { } p && StaffConversion is { } s && s > 0 ? p / s - 1 : null;

    /// <summary>Weekly active users as a share of the month's: how many of the month's users came back this week.</summary>
    public double? Engagement => Mau == 0 ? null : Wau / (double)Mau;
}

/// <summary>
/// The weekly business review (pure): the last week's portal vs staff-entered quotes, the portal share, conversion per
/// channel and the portal's lift, weekly active users and engagement, against the week before, with trend charts
/// over every week given (oldest first).
/// </summary>
public static class WeeklyReviewReport
{
    public const string Title = "Weekly business review";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Seven-day weeks ending with the last day given (a partial first week is dropped); WAU/MAU as of each week's last day.</summary>
    public static IReadOnlyList<ReviewWeek> Weeks(IReadOnlyList<ReviewDay> days)
    {
        var ordered = days.OrderBy(d => d.Day).ToList();
        var weeks = new List<ReviewWeek>();
        for (var end = ordered.Count; end - 7 >= 0; end -= 7)
        {
            var week = ordered.GetRange(end - 7, 7);
            var last = week[^1];
            weeks.Insert(0, new ReviewWeek(week[0].Day, week.Sum(d => d.PortalQuotes), week.Sum(d => d.StaffQuotes),
                week.Sum(d => d.PortalOrders), week.Sum(d => d.StaffOrders), last.Wau, last.Mau));
        }
        return weeks;
    }

    public static ReportDocument Build(string tenant, string period, DateTimeOffset generatedAt, IReadOnlyList<ReviewDay> days)
    {
        var weeks = Weeks(days);
        if (weeks.Count == 0)
        {
            return new ReportDocument(Title, tenant, period, generatedAt, [new TextBlock("Not enough data: the review needs at least seven days.")]);
        }
        var week = weeks[^1];
        var before = weeks.Count > 1 ? weeks[^2] : null;

        var headlines = new List<Headline>
        {
            new("Quotes", week.Quotes, Count(week.Quotes), Change(week.Quotes, before?.Quotes)),
            new("Portal share", week.PortalShare, Percent(week.PortalShare), Points(week.PortalShare, before?.PortalShare)),
            new("Portal conversion", week.PortalConversion, Percent(week.PortalConversion), Points(week.PortalConversion, before?.PortalConversion)),
            new("Staff conversion", week.StaffConversion, Percent(week.StaffConversion), Points(week.StaffConversion, before?.StaffConversion)),
            new("Portal lift", week.Lift, Signed(week.Lift), null, week.Lift > 0 ? Flag.Good : week.Lift < 0 ? Flag.Warning : Flag.None,
                "portal conversion / staff conversion − 1"),
            new("Weekly active users", week.Wau, Count(week.Wau), Change(week.Wau, before?.Wau)),
            new("Engagement", week.Engagement, Percent(week.Engagement), Points(week.Engagement, before?.Engagement), Note: "WAU / MAU"),
        };
        var labels = weeks.Select(w => w.Start.ToString("MMM d", Invariant)).ToList();
        var table = new TableBlock("Week by week",
        [
            new("Week of", ColumnKind.Date, 1.1f), new("Portal quotes", ColumnKind.Number), new("Staff quotes", ColumnKind.Number),
            new("Portal share", ColumnKind.Percent), new("Portal conv.", ColumnKind.Percent), new("Staff conv.", ColumnKind.Percent),
            new("Lift", ColumnKind.Percent), new("WAU", ColumnKind.Number), new("Engagement", ColumnKind.Percent),
        ],
        weeks.Select(w => (IReadOnlyList<Cell>)
        [
            new(w.Start.ToString("yyyy-MM-dd", Invariant), w.Start),
            new(Count(w.PortalQuotes), w.PortalQuotes), new(Count(w.StaffQuotes), w.StaffQuotes),
            new(Percent(w.PortalShare), w.PortalShare), new(Percent(w.PortalConversion), w.PortalConversion),
            new(Percent(w.StaffConversion), w.StaffConversion), new(Signed(w.Lift), w.Lift),
            new(Count(w.Wau), w.Wau), new(Percent(w.Engagement), w.Engagement),
        ]).ToList());

        return new ReportDocument(Title, tenant, period, generatedAt,
        [
            new HeadlineBlock(headlines),
            new SectionBlock("Quotes by channel"),
            new ChartBlock("Quotes per week", ChartKind.Bar, labels,
                [new ChartSeries("Portal", weeks.Select(w => (double?)w.PortalQuotes).ToList()), new ChartSeries("Staff", weeks.Select(w => (double?)w.StaffQuotes).ToList())], "quotes"),
            new ChartBlock("Conversion per week", ChartKind.Line, labels,
                [new ChartSeries("Portal", weeks.Select(w => w.PortalConversion).ToList()), new ChartSeries("Staff", weeks.Select(w => w.StaffConversion).ToList())], "orders / quotes"),
            new SectionBlock("Engagement"),
            new ChartBlock("Weekly active users", ChartKind.Line, labels, [new ChartSeries("WAU", weeks.Select(w => (double?)w.Wau).ToList())], "users"),
            table,
        ]);
    }

    private static string Count(long value) => value.ToString("#,##0", Invariant);

    private static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.0", Invariant) + " %" : "n/a";

    private static string Signed(double? fraction) => fraction switch
    {
        null => "n/a",
        >= 0 => "+" + (fraction.Value * 100).ToString("0.0", Invariant) + " %",
        _ => "−" + (-fraction.Value * 100).ToString("0.0", Invariant) + " %",
    };

    private static string? Change(long now, long? before) => before is null ? null : DailyMetricsReport.ChangeText(DailyMetricsReport.Growth(now, before.Value)) + " vs previous week";

    private static string? Points(double? now, double? before) =>
        now is { } n && before is { } b ? $"{(n >= b ? "+" : "−")}{(Math.Abs(n - b) * 100).ToString("0.0", Invariant)} pp vs previous week" : null;
}
