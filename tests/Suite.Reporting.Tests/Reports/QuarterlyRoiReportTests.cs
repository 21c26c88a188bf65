using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

/// <summary>
/// Worked example, by hand. Parameters: 12 minutes saved per portal quote at 50 an hour, error rates 4 % (staff) and
/// 1 % (portal) at 150 an error, 3,000 a quarter.
/// 2026 Q1: portal quotes 100 + 150 + 250 = 500 (staff 400 + 350 + 250 = 1,000).
///   labour = 500 × 12 / 60 × 50 = 5,000; accuracy = 500 × (0.04 − 0.01) × 150 = 2,250; savings = 7,250;
///   net = 7,250 − 3,000 = 4,250; ROI = 4,250 / 3,000 = 141.7 %.
///   January: labour 100 × 10 = 1,000, accuracy 100 × 4.5 = 450, savings 1,450, costs 1,000, net 450.
/// 2025 Q4: portal 300 (staff 1,200): labour 3,000, accuracy 1,350, savings 4,350, net 1,350, ROI 45.0 %.
/// </summary>
public sealed class QuarterlyRoiReportTests
{
    private static readonly RoiParameters Example = new(12m, 50m, 0.04m, 0.01m, 150m, 3000m, "EUR") { Given = new HashSet<string> { "hourly_cost", "currency" } };
    private static readonly RoiPeriod Q1 = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1));

    private static List<RoiMonthQuotes> Months() =>
        Q1.Months().Zip([(100L, 400L), (150L, 350L), (250L, 250L)], (m, q) => new RoiMonthQuotes(m, q.Item1, q.Item2)).ToList();

    private static ReportDocument Document() => QuarterlyRoiReport.Build("acme", DateTimeOffset.UnixEpoch, "Europe/Berlin", Example, Q1, Months(), 300, 1200);

    [Theory]
    // portal quotes, costs → labour, accuracy, net, ROI (null: no costs)
    [InlineData(500, 3000, 5000, 2250, 4250, 4250.0 / 3000)]
    [InlineData(300, 3000, 3000, 1350, 1350, 0.45)]
    [InlineData(0, 3000, 0, 0, -3000, -1.0)]
    [InlineData(500, 0, 5000, 2250, 7250, null)]
    public void Savings_net_and_roi_follow_the_formulas(long portal, int costs, int labour, int accuracy, int net, double? roi)
    {
        var figures = RoiFigures.Of(Example, portal, 0, costs);
        Assert.Equal((labour, accuracy, net), ((int)figures.LabourSavings, (int)figures.AccuracySavings, (int)figures.Net));
        Assert.Equal(roi, figures.Roi);
    }

    [Fact]
    public void Accuracy_savings_are_negative_when_the_portal_errs_more_and_odd_minutes_stay_exact()
    {
        var p = Example with { MinutesSavedPerQuote = 7m, StaffErrorRate = 0.01m, PortalErrorRate = 0.02m };
        var figures = RoiFigures.Of(p, 30, 0, 0);
        Assert.Equal(175m, figures.LabourSavings);           // 30 × 7 × 50 / 60, not 30 × 0.1166… × 50
        Assert.Equal(-45m, figures.AccuracySavings);         // 30 × −0.01 × 150
    }

    [Fact]
    public void The_report_has_the_worked_example_against_the_previous_quarter()
    {
        var document = Document();
        Assert.Equal("2026 Q1 (2026-01-01 – 2026-03-31, Europe/Berlin)", document.Period);
        Assert.Equal("quarterly-roi-2026-q1", document.FileBase);

        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal("Net benefit", document.Headlines.First().Label);
        Assert.Equal((4250.0, "4,250.00 EUR", "+2,900.00 EUR vs 2025 Q4"), (headlines["Net benefit"].Value!.Value, headlines["Net benefit"].Text, headlines["Net benefit"].Change));
        Assert.Equal(("141.7 %", "+96.7 pp vs 2025 Q4"), (headlines["ROI"].Text, headlines["ROI"].Change));
        Assert.Equal(4250.0 / 3000, headlines["ROI"].Value!.Value, 12);
        Assert.Equal(("7,250.00 EUR", "3,000.00 EUR"), (headlines["Savings"].Text, headlines["Costs"].Text));
        Assert.Equal(("500", "+66.7 % vs 2025 Q4"), (headlines["Portal quotes"].Text, headlines["Portal quotes"].Change));

        var comparison = document.Tables.Single(t => t.Title == "2026 Q1 vs 2025 Q4");
        Assert.Equal(["Item", "2025 Q4", "2026 Q1", "Change"], comparison.Columns.Select(c => c.Header));
        var rows = comparison.Rows.ToDictionary(r => r[0].Text, r => r.Skip(1).Select(c => c.Text).ToArray());
        Assert.Equal(["300", "500", "+200"], rows["Portal quotes"]);
        Assert.Equal(["1,200", "1,000", "−200"], rows["Staff-entered quotes"]);
        Assert.Equal(["20.0 %", "33.3 %", "+13.3 pp"], rows["Portal share"]);
        Assert.Equal(["3,000.00 EUR", "5,000.00 EUR", "+2,000.00 EUR"], rows["Labour savings"]);
        Assert.Equal(["1,350.00 EUR", "2,250.00 EUR", "+900.00 EUR"], rows["Accuracy savings"]);
        Assert.Equal(["3,000.00 EUR", "3,000.00 EUR", "+0.00 EUR"], rows["Costs"]);
        Assert.Equal(["1,350.00 EUR", "4,250.00 EUR", "+2,900.00 EUR"], rows["Net benefit"]);
        Assert.Equal(["45.0 %", "141.7 %", "+96.7 pp"], rows["ROI"]);
        Assert.Equal(4250m, comparison.Rows.Single(r => r[0].Text == "Net benefit")[2].Value);

        var chart = Assert.Single(document.Charts);
        Assert.Equal(("Savings vs costs per month", ChartKind.Bar, "EUR"), (chart.Title, chart.Kind, chart.YAxis));
        Assert.Equal(["Jan 2026", "Feb 2026", "Mar 2026"], chart.Categories);
        Assert.Equal([1450.0, 2175.0, 3625.0], chart.Series[0].Values);     // 150 × 14.5, 250 × 14.5
        Assert.Equal([1000.0, 1000.0, 1000.0], chart.Series[1].Values);

        var january = document.Tables.Single(t => t.Title == QuarterlyRoiReport.MonthsTitle).Rows[0];
        Assert.Equal(["Jan 2026", "100", "400", "1,000.00", "450.00", "1,450.00", "1,000.00", "450.00"], january.Select(c => c.Text));
        Assert.Equal(new DateOnly(2026, 1, 1), january[0].Value);

        var assumptions = document.Tables.Single(t => t.Title == QuarterlyRoiReport.AssumptionsTitle).Rows.ToDictionary(r => r[0].Text);
        Assert.Equal(["minutes_saved_per_quote", "hourly_cost", "staff_error_rate", "portal_error_rate", "cost_per_error", "quarterly_cost", "currency"], assumptions.Keys);
        Assert.Equal(("50", 50m, "set"), (assumptions["hourly_cost"][1].Text, assumptions["hourly_cost"][1].Value, assumptions["hourly_cost"][3].Text));
        Assert.Equal(("0.04", "default"), (assumptions["staff_error_rate"][1].Text, assumptions["staff_error_rate"][3].Text));
        Assert.Equal(("EUR", "set"), (assumptions["currency"][1].Text, assumptions["currency"][3].Text));
    }

    [Fact]
    public void A_loss_is_flagged_and_negative_amounts_read_with_a_minus()
    {
        var document = QuarterlyRoiReport.Build("acme", DateTimeOffset.UnixEpoch, "UTC", Example, Q1,
            Q1.Months().Select(m => new RoiMonthQuotes(m, 10, 0)).ToList(), 0, 0);
        var net = document.Headlines.First();
        Assert.Equal(("−2,565.00 EUR", Flag.Warning), (net.Text, net.Flag));    // 30 × 14.5 = 435 − 3,000
        Assert.Equal("−85.5 %", document.Headlines.Single(h => h.Label == "ROI").Text);
        Assert.Null(document.Headlines.Single(h => h.Label == "Portal quotes").Change);   // nothing to compare with
    }

    [Theory]
    // run's local date → [from, to) of the previous whole quarter
    [InlineData("2026-04-01", "2026-01-01", "2026-04-01", "2026 Q1")]
    [InlineData("2026-06-30", "2026-01-01", "2026-04-01", "2026 Q1")]
    [InlineData("2026-01-01", "2025-10-01", "2026-01-01", "2025 Q4")]
    [InlineData("2026-07-01", "2026-04-01", "2026-07-01", "2026 Q2")]
    public void The_period_is_the_previous_whole_calendar_quarter(string asOf, string from, string to, string label)
    {
        var period = RoiPeriod.PreviousQuarter(DateOnly.Parse(asOf));
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to), label, true), (period.From, period.To, period.Label, period.IsQuarter));
    }

    [Fact]
    public void A_given_range_is_compared_with_as_many_days_before_and_its_costs_are_prorated_by_month()
    {
        var period = new RoiPeriod(new DateOnly(2026, 1, 16), new DateOnly(2026, 3, 1));   // half of January, all of February
        Assert.Equal(("2026-01-16 – 2026-02-28", false), (period.Label, period.IsQuarter));
        Assert.Equal(new RoiPeriod(new DateOnly(2025, 12, 3), new DateOnly(2026, 1, 16)), period.Previous());   // 44 days before
        Assert.Equal([new DateOnly(2026, 1, 16), new DateOnly(2026, 2, 1)], period.Months().Select(m => m.From));
        Assert.Equal(3000m * (16m / 31 + 1) / 3, period.Costs(3000m));
        Assert.Equal(3000m, Q1.Costs(3000m));
        Assert.Equal("2025 Q4", Q1.Previous().Label);
    }

    [Fact]
    public void Local_midnights_become_instants_in_the_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal(DateTimeOffset.Parse("2025-12-31T23:00:00Z"), RoiPeriod.Instant(new DateOnly(2026, 1, 1), berlin));
        Assert.Equal(DateTimeOffset.Parse("2026-03-31T22:00:00Z"), RoiPeriod.Instant(new DateOnly(2026, 4, 1), berlin));
    }
}
