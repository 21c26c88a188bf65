using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class AlertSummaryReportTests
{
    private static readonly DateTimeOffset From = At("2026-03-02T00:00");
    private static readonly DateTimeOffset To = At("2026-03-04T00:00");
    private static readonly Guid RuleA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid RuleB = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid RuleC = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid RuleD = Guid.Parse("00000000-0000-0000-0000-00000000000d");

    /// <summary>
    /// Period 2026-03-02 00:00 – 03-04 00:00 UTC. Rule A critical, B warning, C info, D only a resolve without its fired
    /// record. Comments: start → resolve.
    /// </summary>
    private static readonly AlertRecord[] Alerts =
    [
        A(1, "2026-03-02T01:00", "2026-03-02T03:00"),   // fired and resolved in the period: 2 h
        A(2, "2026-03-03T10:00", null),                 // fired, open at the end: 14 h open in the period
        A(3, "2026-03-01T01:00", "2026-03-01T02:00"),   // all before the period: not in the report
        A(4, "2026-03-04T00:00", null),                 // starts at the period's end: not in it
        B(1, "2026-03-01T20:00", "2026-03-02T02:00"),   // started before, resolved in the period: 6 h to resolve, 2 h open in it
        B(2, "2026-03-01T12:00", null),                 // started before, still open: 48 h open in the period
        B(3, "2026-03-03T23:00", "2026-03-04T01:00"),   // fired in the period, resolved after it: open at the end, 1 h in it
        C(0, "2026-03-01T23:00", "2026-03-02T00:00"),   // resolved exactly at the start: resolved in the period, 1 h, 0 open in it
        C(1, "2026-03-02T05:00", "2026-03-02T05:30"),
        C(2, "2026-03-02T06:00", "2026-03-02T07:00"),
        C(3, "2026-03-03T08:00", "2026-03-03T08:45"),
        new(Id(0xd1), RuleD, "Disk full", null, null, null, null, null, At("2026-03-03T12:00")),   // AlertResolved without AlertFired
    ];

    [Fact]
    public void Headlines_count_fired_resolved_and_open_at_the_end_with_the_mean_time_to_resolve()
    {
        var document = Build(Alerts);

        Assert.Equal(
        [
            ("Alerts fired", "6", (double?)6, Flag.None),                 // A1 A2 B3 C1 C2 C3
            ("Critical fired", "2", 2, Flag.Alert),                       // A1 A2
            ("Resolved", "7", 7, Flag.None),                              // A1 B1 C0 C1 C2 C3 D1
            ("Open at period end", "3", 3, Flag.Warning),                 // A2 B2 B3
            ("Mean time to resolve", "1 h 53 min", 1.875, Flag.None),     // (2 + 6 + 1 + 0.5 + 1 + 0.75) h / 6, D1 has no start
        ],
        document.Headlines.Select(h => (h.Label, h.Text, h.Value, h.Flag)));
        Assert.Equal("1 started before the period", document.Headlines.Single(h => h.Label == "Open at period end").Note);
        var text = Assert.IsType<TextBlock>(document.Blocks[1]).Text;
        Assert.Contains("1 of the 3 alerts open at the end started before the period.", text);
        Assert.Contains("1 alert was resolved without a fired record received", text);
    }

    [Fact]
    public void By_severity_counts_every_alert_of_the_period_with_its_times()
    {
        var table = Build(Alerts).Tables.Single(t => t.Title == "By severity");

        Assert.Equal(["Severity", "Fired", "Resolved", "Open at end", "Mean to resolve", "Median to resolve", "Open time"], table.Columns.Select(c => c.Header));
        Assert.Equal(
        [
            ["critical", "2", "1", "1", "2 h", "2 h", "16 h"],
            ["warning", "1", "1", "2", "6 h", "6 h", "2 d 3 h"],                // open 2 + 48 + 1 h
            ["info", "3", "4", "0", "49 min", "53 min", "2 h 15 min"],          // 1, 0.5, 1, 0.75 h: mean 0.8125, median 0.875
            ["unknown", "0", "1", "0", "n/a", "n/a", "0 s"],
        ],
        table.Rows.Select(r => r.Select(c => c.Text).ToArray()));
        Assert.Equal([2L, 1L, 1L, 2.0, 2.0, 16.0], table.Rows[0].Skip(1).Select(c => c.Value));   // raw durations in hours
        Assert.Equal(Flag.Alert, table.Rows[0][0].Flag);
    }

    [Fact]
    public void By_rule_puts_the_longest_open_first()
    {
        var table = Build(Alerts).Tables.Single(t => t.Title == "By rule, worst first");

        Assert.Equal(
        [
            ["Slow checkout", "warning", "1", "1", "2", "6 h", "6 h", "2 d 3 h"],
            ["High error rate", "critical", "2", "1", "1", "2 h", "2 h", "16 h"],
            ["Low logins", "info", "3", "4", "0", "49 min", "53 min", "2 h 15 min"],
            ["Disk full", "unknown", "0", "1", "0", "n/a", "n/a", "0 s"],
        ],
        table.Rows.Select(r => r.Select(c => c.Text).ToArray()));
    }

    [Fact]
    public void The_alert_list_is_most_severe_first_and_shows_open_and_unknown_ends()
    {
        var table = Build(Alerts).Tables.Single(t => t.Title == "Alerts");

        Assert.Equal(["Rule", "Severity", "KPI", "Value", "Threshold", "Started", "Resolved", "Duration"], table.Columns.Select(c => c.Header));
        Assert.Equal(
        [
            "High error rate 2026-03-02 01:00", "High error rate 2026-03-03 10:00",
            "Slow checkout 2026-03-01 12:00", "Slow checkout 2026-03-01 20:00", "Slow checkout 2026-03-03 23:00",
            "Low logins 2026-03-01 23:00", "Low logins 2026-03-02 05:00", "Low logins 2026-03-02 06:00", "Low logins 2026-03-03 08:00",
            "Disk full unknown",
        ],
        table.Rows.Select(r => $"{r[0].Text} {r[5].Text}"));
        Assert.Equal(["High error rate", "critical", "error_rate", "0.0812", "0.05", "2026-03-02 01:00", "2026-03-02 03:00", "2 h"], table.Rows[0].Select(c => c.Text));
        Assert.Equal(["Slow checkout", "warning", "p95_latency_ms", "950", "800", "2026-03-01 12:00", "open", "2 d 12 h (open)"], table.Rows[2].Select(c => c.Text));
        // Resolved after the period's end: open as of the end, its duration up to the end.
        Assert.Equal(["Slow checkout", "warning", "p95_latency_ms", "950", "800", "2026-03-03 23:00", "open", "1 h (open)"], table.Rows[4].Select(c => c.Text));
        Assert.Equal(["Disk full", "unknown", "", "", "", "unknown", "2026-03-03 12:00", ""], table.Rows[9].Select(c => c.Text));
        Assert.Equal((null, (object?)At("2026-03-03T12:00")), (table.Rows[9][5].Value, table.Rows[9][6].Value));
        Assert.Equal(2.0, table.Rows[0][7].Value);
    }

    [Fact]
    public void The_chart_counts_alerts_fired_per_day_by_severity()
    {
        var chart = Build(Alerts).Charts.Single();

        Assert.Equal((ChartKind.Bar, "Alerts fired per day by severity"), (chart.Kind, chart.Title));
        Assert.Equal(["2026-03-02", "2026-03-03"], chart.Categories);
        Assert.Equal(
        [
            ("critical", new double?[] { 1, 1 }),
            ("warning", new double?[] { 0, 1 }),
            ("info", new double?[] { 2, 1 }),
        ],
        chart.Series.Select(s => (s.Name, s.Values.ToArray())));
    }

    [Fact]
    public void Days_are_the_report_zones_and_the_chart_follows_them()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal([new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3)], AlertSummaryReport.Days(From, To, newYork));
        Assert.Empty(AlertSummaryReport.Days(To, From, TimeZoneInfo.Utc));

        // 03-02 01:00 UTC is 03-01 20:00 in New York.
        var chart = AlertSummaryReport.Build("acme", "p", From, To, newYork, From, Alerts).Charts.Single();
        Assert.Equal([1, 0, 1], chart.Series[0].Values);
    }

    [Fact]
    public void Without_alerts_every_count_is_zero_and_the_tables_say_so()
    {
        var document = Build([Alerts[2], Alerts[3]]);

        Assert.Equal(["0", "0", "0", "0", "n/a"], document.Headlines.Select(h => h.Text));
        Assert.Equal(Flag.Good, document.Headlines.Single(h => h.Label == "Open at period end").Flag);
        Assert.Equal("No alert fired, resolved or was open in the period.", Assert.IsType<TextBlock>(document.Blocks[1]).Text);
        Assert.Equal(["critical", "warning", "info"], document.Tables.First().Rows.Select(r => r[0].Text));
        Assert.Empty(document.Tables.Single(t => t.Title == "Alerts").Rows);
        Assert.Equal("No alerts.", document.Tables.Single(t => t.Title == "Alerts").EmptyText);
    }

    [Fact]
    public void A_long_alert_list_is_capped_but_every_alert_is_counted()
    {
        var many = Enumerable.Range(0, 205)
            .Select(i => new AlertRecord(Guid.CreateVersion7(), RuleC, "Low logins", i < 3 ? "critical" : "info", "logins", 3, 10, From.AddMinutes(i), From.AddMinutes(i + 1)))
            .ToList();
        var document = Build(many);

        Assert.Equal("205", document.Headlines.First().Text);
        var list = document.Tables.Single(t => t.Title == "Alerts");
        Assert.Equal(AlertSummaryReport.ListedAlerts, list.Rows.Count);
        Assert.Equal(["critical", "critical", "critical", "info"], list.Rows.Take(4).Select(r => r[1].Text));
        Assert.Contains(document.Blocks.OfType<TextBlock>(), b => b.Text == "The 200 most severe of 205 alerts are listed; the tables above count them all.");
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(59.6, "1 min")]
    [InlineData(12 * 60, "12 min")]
    [InlineData(2 * 3600 + 15 * 60, "2 h 15 min")]
    [InlineData(3 * 3600 + 20, "3 h")]
    [InlineData(48 * 3600, "2 d")]
    [InlineData(76 * 3600 + 10 * 60, "3 d 4 h")]
    public void Durations_read_at_a_glance(double seconds, string text) =>
        Assert.Equal(text, AlertSummaryReport.DurationText(TimeSpan.FromSeconds(seconds)));

    private static ReportDocument Build(IReadOnlyList<AlertRecord> alerts) =>
        AlertSummaryReport.Build("acme", "2026-03-02 – 2026-03-04", From, To, TimeZoneInfo.Utc, To, alerts);

    private static AlertRecord A(int n, string started, string? resolved) =>
        new(Id(0xa0 + n), RuleA, "High error rate", "critical", "error_rate", 0.0812, 0.05, At(started), resolved is null ? null : At(resolved));

    private static AlertRecord B(int n, string started, string? resolved) =>
        new(Id(0xb0 + n), RuleB, "Slow checkout", "warning", "p95_latency_ms", 950, 800, At(started), resolved is null ? null : At(resolved));

    private static AlertRecord C(int n, string started, string? resolved) =>
        new(Id(0xc0 + n), RuleC, "Low logins", "info", "logins", 3, 10, At(started), resolved is null ? null : At(resolved));

    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:x12}");

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text + "Z", null, System.Globalization.DateTimeStyles.AssumeUniversal);
}
