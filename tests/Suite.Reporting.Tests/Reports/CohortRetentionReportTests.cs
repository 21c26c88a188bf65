using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class CohortRetentionReportTests
{
    private static readonly CohortRetentionParameters Monthly = new(CohortUnit.Month, RetentionKind.NDay, 4);

    private static RetentionCell Cell(long size, long? retained) => new(retained, retained is { } r ? r / (double)size : null);

    private static CohortRow Row(DateOnly start, long size, params long?[] retained) => new(start, size, retained.Select(r => Cell(size, r)).ToList());

    /// <summary>A triangle: 200 users (4 periods reached), 100 (3), 50 (2), 10 (1).</summary>
    private static List<CohortRow> Triangle() =>
    [
        Row(new DateOnly(2025, 12, 1), 200, 200, 90, 60, 40),
        Row(new DateOnly(2026, 1, 1), 100, 100, 50, 30, null),
        Row(new DateOnly(2026, 2, 1), 50, 50, 20, null, null),
        Row(new DateOnly(2026, 3, 1), 10, 10, null, null, null),
    ];

    [Theory]
    // period → size-weighted average over the cohorts that reached it (null: none did)
    [InlineData(0, 1.0)]                // 360 / 360
    [InlineData(1, 160.0 / 350)]        // (90 + 50 + 20) / (200 + 100 + 50): not the mean of 45 %, 50 %, 40 %
    [InlineData(2, 90.0 / 300)]         // (60 + 30) / (200 + 100)
    [InlineData(3, 0.2)]                // 40 / 200
    [InlineData(4, null)]               // beyond the triangle
    public void Average_retention_is_weighted_by_cohort_size_over_the_cohorts_that_reached_the_period(int period, double? expected) =>
        Assert.Equal(expected, CohortRetentionReport.AverageRetention(Triangle(), period));

    [Fact]
    public void The_report_shows_the_triangle_the_averages_and_the_latest_curves()
    {
        var document = CohortRetentionReport.Build("acme", "4 monthly cohorts", DateTimeOffset.UnixEpoch, Monthly, Triangle());

        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal(("45.7 %", "20.0 %", "4", "360"), (headlines["Month 1 retention"].Text, headlines["Month 3 retention"].Text, headlines["Cohorts"].Text, headlines["Users"].Text));
        Assert.Equal(160.0 / 350, headlines["Month 1 retention"].Value);
        Assert.Equal("Month 1 retention", document.Headlines.First().Label);   // the stored report's number

        var table = Assert.Single(document.Tables);
        Assert.Equal(["Cohort", "Size", "M0", "M1", "M2", "M3"], table.Columns.Select(c => c.Header));
        Assert.Equal(["2025-12", "200", "100.0 %", "45.0 %", "30.0 %", "20.0 %"], table.Rows[0].Select(c => c.Text));
        Assert.Equal(["2026-02", "50", "100.0 %", "40.0 %", "", ""], table.Rows[2].Select(c => c.Text));
        Assert.Equal([new DateOnly(2026, 2, 1), 50L, 1.0, 0.4, null, null], table.Rows[2].Select(c => c.Value));

        // The latest cohorts with a curve (two points or more): March has only month 0.
        var chart = Assert.Single(document.Charts);
        Assert.Equal(ChartKind.Line, chart.Kind);
        Assert.Equal(["2025-12", "2026-01", "2026-02"], chart.Series.Select(s => s.Name));
        Assert.Equal(["Month 0", "Month 1", "Month 2", "Month 3"], chart.Categories);
        Assert.Equal([100.0, 50.0, 30.0, null], chart.Series[1].Values);
    }

    [Fact]
    public void The_chart_keeps_the_four_latest_curves_and_weekly_cohorts_are_named_by_their_monday()
    {
        var weekly = new CohortRetentionParameters(CohortUnit.Week, RetentionKind.Unbounded, 2);
        var cohorts = Enumerable.Range(0, 6).Select(i => Row(new DateOnly(2026, 3, 2).AddDays(7 * i), 10, 10, i)).ToList();
        var document = CohortRetentionReport.Build("acme", "p", DateTimeOffset.UnixEpoch, weekly, cohorts);

        var chart = Assert.Single(document.Charts);
        Assert.Equal(["2026-03-16", "2026-03-23", "2026-03-30", "2026-04-06"], chart.Series.Select(s => s.Name));
        Assert.Equal(["Week 0", "Week 1"], chart.Categories);
        Assert.Equal(["Cohort", "Size", "W0", "W1"], Assert.Single(document.Tables).Columns.Select(c => c.Header));
        Assert.Contains(document.Blocks.OfType<TextBlock>(), t => t.Text.Contains("unbounded", StringComparison.Ordinal));
        Assert.Equal("n/a", document.Headlines.Single(h => h.Label == "Week 3 retention").Text);
    }

    [Fact]
    public void No_cohorts_and_no_curves_are_said_in_words()
    {
        Assert.Contains(CohortRetentionReport.Build("acme", "p", DateTimeOffset.UnixEpoch, Monthly, []).Blocks.OfType<TextBlock>(), t => t.Text == "No signups in these cohorts.");
        var young = CohortRetentionReport.Build("acme", "p", DateTimeOffset.UnixEpoch, Monthly, [Row(new DateOnly(2026, 3, 1), 10, 10, null, null, null)]);
        Assert.Empty(young.Charts);
        Assert.Contains(young.Blocks.OfType<TextBlock>(), t => t.Text.StartsWith("No cohort has reached month 1", StringComparison.Ordinal));
    }

    [Theory]
    // parameters → unit, mode, cohorts, day offsets
    [InlineData("", CohortUnit.Month, RetentionKind.NDay, 12, "0,30,60,90,120,150,180,210,240,270,300,330")]
    [InlineData("granularity=week;mode=unbounded;cohorts=3", CohortUnit.Week, RetentionKind.Unbounded, 3, "0,7,14")]
    [InlineData("granularity=month;mode=n_day;cohorts=1", CohortUnit.Month, RetentionKind.NDay, 1, "0")]
    public void Parameters_have_defaults(string text, CohortUnit unit, RetentionKind mode, int cohorts, string offsets)
    {
        var (parameters, violations) = CohortRetentionParameters.Parse(Parse(text));
        Assert.Empty(violations);
        Assert.Equal((unit, mode, cohorts, offsets), (parameters!.Unit, parameters.Mode, parameters.Cohorts, string.Join(",", parameters.DayOffsets)));
    }

    [Theory]
    [InlineData("granularity=day", "parameters[granularity]")]
    [InlineData("mode=RETENTION_MODE_N_DAY", "parameters[mode]")]
    [InlineData("cohorts=0", "parameters[cohorts]")]
    [InlineData("cohorts=21", "parameters[cohorts]")]       // metrics answers at most 20 offsets
    [InlineData("cohorts=-3", "parameters[cohorts]")]
    [InlineData("cohorts=twelve", "parameters[cohorts]")]
    [InlineData("cohort=12", "parameters[cohort]")]
    [InlineData("granularity=year;cohorts=x", "parameters[granularity] parameters[cohorts]")]
    public void Bad_parameters_are_field_violations(string text, string fields)
    {
        var (parameters, violations) = CohortRetentionParameters.Parse(Parse(text));
        Assert.Null(parameters);
        Assert.Equal(fields, string.Join(" ", violations.Select(v => v.Field)));
    }

    [Theory]
    // as of (the run's local date) → window of 3 cohorts [from, to)
    [InlineData(CohortUnit.Month, "2026-04-01", "2026-01-01", "2026-04-01")]
    [InlineData(CohortUnit.Month, "2026-04-17", "2026-01-01", "2026-04-01")]
    [InlineData(CohortUnit.Week, "2026-03-09", "2026-02-16", "2026-03-09")]     // a Monday
    [InlineData(CohortUnit.Week, "2026-03-15", "2026-02-16", "2026-03-09")]     // a Sunday: its own week (not over) is left out
    public void The_window_is_the_whole_cohorts_before_the_runs_week_or_month(CohortUnit unit, string asOf, string from, string to) =>
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), new CohortRetentionParameters(unit, RetentionKind.NDay, 3).Window(DateOnly.Parse(asOf)));

    internal static Dictionary<string, string> Parse(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
}
