using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>Quotes per channel in one month of the period (local dates, cut to the period).</summary>
public sealed record RoiMonthQuotes(RoiMonthSpan Span, long PortalQuotes, long StaffQuotes);

/// <summary>
/// The quarterly ROI report (pure): labour and accuracy savings of portal quotes against the platform's costs, net
/// benefit and ROI %, against the previous quarter, per month as a chart and a table, and the assumptions used.
/// </summary>
public static class QuarterlyRoiReport
{
    public const string Title = "Quarterly ROI";
    public const string AssumptionsTitle = "Assumptions";
    public const string MonthsTitle = "By month";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ReportDocument Build(string tenant, DateTimeOffset generatedAt, string zone, RoiParameters p, RoiPeriod period,
        IReadOnlyList<RoiMonthQuotes> months, long previousPortalQuotes, long previousStaffQuotes)
    {
        var now = RoiFigures.Of(p, months.Sum(m => m.PortalQuotes), months.Sum(m => m.StaffQuotes), period.Costs(p.QuarterlyCost));
        var previous = period.Previous();
        var before = RoiFigures.Of(p, previousPortalQuotes, previousStaffQuotes, previous.Costs(p.QuarterlyCost));
        var vs = $"vs {previous.Label}";
        var perMonth = months.Select(m => (m.Span, Figures: RoiFigures.Of(p, m.PortalQuotes, m.StaffQuotes, p.QuarterlyCost * m.Span.ShareOfMonth / 3))).ToList();

        var headlines = new List<Headline>
        {
            new("Net benefit", (double)Cents(now.Net), Money(now.Net, p), $"{Money(now.Net - before.Net, p, signed: true)} {vs}",
                now.Net < 0 ? Flag.Warning : Flag.Good, "savings − costs"),
            new("ROI", now.Roi, Percent(now.Roi), Points(now.Roi, before.Roi, vs), Note: "net benefit / costs"),
            new("Savings", (double)Cents(now.Savings), Money(now.Savings, p), $"{Money(now.Savings - before.Savings, p, signed: true)} {vs}", Note: "labour + accuracy"),
            new("Costs", (double)Cents(now.Costs), Money(now.Costs, p)),
            new("Portal quotes", now.PortalQuotes, Count(now.PortalQuotes), Growth(now.PortalQuotes, before.PortalQuotes, vs)),
        };

        var comparison = new TableBlock($"{period.Label} vs {previous.Label}",
        [
            new("Item", ColumnKind.Text, 1.6f), new(previous.Label, ColumnKind.Number), new(period.Label, ColumnKind.Number), new("Change", ColumnKind.Number),
        ],
        [
            CountRow("Portal quotes", before.PortalQuotes, now.PortalQuotes),
            CountRow("Staff-entered quotes", before.StaffQuotes, now.StaffQuotes),
            RateRow("Portal share", before.PortalShare, now.PortalShare),
            MoneyRow("Labour savings", before.LabourSavings, now.LabourSavings, p),
            MoneyRow("Accuracy savings", before.AccuracySavings, now.AccuracySavings, p),
            MoneyRow("Total savings", before.Savings, now.Savings, p),
            MoneyRow("Costs", before.Costs, now.Costs, p),
            MoneyRow("Net benefit", before.Net, now.Net, p),
            RateRow("ROI", before.Roi, now.Roi),
        ]);

        var labels = perMonth.Select(m => m.Span.Month.ToString("MMM yyyy", Invariant)).ToList();
        var chart = new ChartBlock("Savings vs costs per month", ChartKind.Bar, labels,
        [
            new ChartSeries("Savings", perMonth.Select(m => (double?)Cents(m.Figures.Savings)).ToList()),
            new ChartSeries("Costs", perMonth.Select(m => (double?)Cents(m.Figures.Costs)).ToList()),
        ], p.Currency);
        // Eight columns fit a page only with short headers and bare amounts: the currency is said once, above.
        var byMonth = new TableBlock(MonthsTitle,
        [
            new("Month", ColumnKind.Date, 1.1f), new("Portal", ColumnKind.Number, 0.8f), new("Staff", ColumnKind.Number, 0.8f),
            new("Labour", ColumnKind.Money), new("Accuracy", ColumnKind.Money), new("Savings", ColumnKind.Money),
            new("Costs", ColumnKind.Money), new("Net", ColumnKind.Money),
        ],
        perMonth.Select(m => (IReadOnlyList<Cell>)
        [
            new(m.Span.Month.ToString("MMM yyyy", Invariant), m.Span.Month),
            new(Count(m.Figures.PortalQuotes), m.Figures.PortalQuotes), new(Count(m.Figures.StaffQuotes), m.Figures.StaffQuotes),
            AmountCell(m.Figures.LabourSavings), AmountCell(m.Figures.AccuracySavings), AmountCell(m.Figures.Savings),
            AmountCell(m.Figures.Costs), AmountCell(m.Figures.Net),
        ]).ToList());

        var assumptions = new TableBlock(AssumptionsTitle,
        [
            new("Parameter", ColumnKind.Text, 1.6f), new("Value", ColumnKind.Number), new("Meaning", ColumnKind.Text, 2.6f), new("Source", ColumnKind.Text, 0.8f),
        ],
        RoiParameters.Numbers.Select(n => (IReadOnlyList<Cell>)
        [
            Cell.Of(n.Name), new(p.Number(n.Name).ToString(Invariant), p.Number(n.Name)), Cell.Of(n.Meaning), Cell.Of(Source(p, n.Name)),
        ]).Append([Cell.Of("currency"), new(p.Currency, p.Currency), Cell.Of("ISO 4217 code of the amounts"), Cell.Of(Source(p, "currency"))]).ToList());

        return new ReportDocument(Title, tenant, $"{period.Label} ({Day(period.From)} – {Day(period.To.AddDays(-1))}, {zone})", generatedAt,
        [
            new HeadlineBlock(headlines),
            new TextBlock("Each quote a customer submits through the portal is one staff-entered quote less. Labour savings = portal quotes × " +
                "minutes saved per quote / 60 × hourly cost; accuracy savings = portal quotes × (staff error rate − portal error rate) × cost per error; " +
                "net benefit = savings − costs; ROI = net benefit / costs. Costs are the quarterly cost, a third a month."),
            new SectionBlock(period.IsQuarter ? "Quarter vs previous quarter" : "Period vs previous period"),
            comparison,
            chart,
            new TextBlock($"By month: portal and staff-entered quotes; labour, accuracy and total savings, costs and net benefit in {p.Currency}."),
            byMonth,
            assumptions,
        ])
        {
            FileBase = $"quarterly-roi-{DocumentNames.Slug(period.Label, "period")}",
        };
    }

    public static string Money(decimal value, RoiParameters p, bool signed = false) =>
        (value < 0 ? "−" : signed ? "+" : "") + Math.Abs(Cents(value)).ToString("#,##0.00", Invariant) + " " + p.Currency;

    /// <summary>Rounded to cents, always with two decimals (+ 0.00m sets the scale), so CSV reads 1320.00 as it does 666.67.</summary>
    private static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    private static string Count(long value) => value.ToString("#,##0", Invariant);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    private static string Percent(double? fraction) => fraction is { } f ? (f < 0 ? "−" : "") + Math.Abs(f * 100).ToString("0.0", Invariant) + " %" : "n/a";

    private static string Source(RoiParameters p, string name) => p.Given.Contains(name) ? "set" : "default";

    private static string? Points(double? now, double? before, string vs) =>
        now is { } n && before is { } b ? $"{(n >= b ? "+" : "−")}{(Math.Abs(n - b) * 100).ToString("0.0", Invariant)} pp {vs}" : null;

    private static string? Growth(long now, long before, string vs) =>
        before == 0 ? null : $"{DailyMetricsReport.ChangeText(DailyMetricsReport.Growth(now, before))} {vs}";

    private static Cell MoneyCell(decimal value, RoiParameters p) => new(Money(value, p), Cents(value));

    private static Cell AmountCell(decimal value) => new((value < 0 ? "−" : "") + Math.Abs(Cents(value)).ToString("#,##0.00", Invariant), Cents(value));

    private static IReadOnlyList<Cell> MoneyRow(string item, decimal before, decimal now, RoiParameters p) =>
        [Cell.Of(item), MoneyCell(before, p), MoneyCell(now, p), new(Money(now - before, p, signed: true), Cents(now - before))];

    private static IReadOnlyList<Cell> CountRow(string item, long before, long now) =>
        [Cell.Of(item), new(Count(before), before), new(Count(now), now), new((now >= before ? "+" : "−") + Count(Math.Abs(now - before)), now - before)];

    private static IReadOnlyList<Cell> RateRow(string item, double? before, double? now) =>
        [Cell.Of(item), new(Percent(before), before), new(Percent(now), now), new(Points(now, before, "")?.TrimEnd() ?? "n/a", now - before)];
}
