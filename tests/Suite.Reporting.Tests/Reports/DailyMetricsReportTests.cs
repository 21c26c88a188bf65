using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class DailyMetricsReportTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset Day = new(2026, 3, 8, 5, 0, 0, TimeSpan.Zero);

    // logins, failed, lockouts, quotes requested, approved, order views, artwork, proofs, suspicious, active users
    private static readonly DailyActivity Today = new(900, 120, 30, 40, 12, 300, 25, 18, 15, 410);
    private static readonly DailyActivity Yesterday = new(800, 50, 10, 50, 12, 0, 20, 18, 5, 400);

    [Theory]
    // logins, failed, lockouts, suspicious → failure, lockout, suspicious (null = no attempt)
    [InlineData(900, 100, 0, 0, 0.10, 0.0, 0.0)]
    [InlineData(900, 120, 30, 15, 120 / 1020.0, 30 / 1050.0, 15 / 1050.0)]
    [InlineData(0, 0, 5, 1, null, 1.0, 0.2)]          // only lockouts: no login to fail, every attempt locked
    [InlineData(0, 0, 0, 3, null, null, null)]        // no attempt: no rate at all (not 0 %)
    public void Rates_follow_the_metrics_definitions(long logins, long failed, long lockouts, long suspicious, double? failure, double? lockout, double? suspiciousRate)
    {
        var rates = DailyMetricsReport.Rates(new DailyActivity(logins, failed, lockouts, 0, 0, 0, 0, 0, suspicious, 0));
        Assert.Equal(failure, rates.Failure);
        Assert.Equal(lockout, rates.Lockout);
        Assert.Equal(suspiciousRate, rates.Suspicious);
    }

    [Theory]
    [InlineData(110, 100, "+10.0 %")]
    [InlineData(97, 100, "−3.0 %")]
    [InlineData(100, 100, "0.0 %")]
    [InlineData(5, 0, "n/a")]          // nothing the day before: no base
    [InlineData(0, 4, "−100.0 %")]
    public void Day_over_day_change(long today, long previous, string text) =>
        Assert.Equal(text, DailyMetricsReport.ChangeText(DailyMetricsReport.Growth(today, previous)));

    [Theory]
    // failed logins of 1000 attempts (no lockouts or suspicious) → whether the failure condition is flagged
    [InlineData(100, false)]   // exactly 10 %: not above the limit
    [InlineData(101, true)]
    public void The_failure_condition_is_strictly_above_ten_percent(long failed, bool flagged)
    {
        var document = Build(new DailyActivity(1000 - failed, failed, 0, 0, 0, 0, 0, 0, 0, 0), Yesterday);
        var headline = document.Headlines.Single(h => h.Label == "Login failure rate");
        Assert.Equal(flagged ? Flag.Alert : Flag.Good, headline.Flag);
        var row = document.Tables.Single(t => t.Title == "Alert conditions").Rows[0];
        Assert.Equal(flagged ? "ALERT" : "ok", row[3].Text);
    }

    [Fact]
    public void The_document_carries_the_days_numbers_changes_and_flags()
    {
        var document = Build(Today, Yesterday);
        Assert.Equal(DailyMetricsReport.Title, document.Title);

        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal(("900", "+12.5 % vs previous day"), (headlines["Logins"].Text, headlines["Logins"].Change));
        Assert.Equal(("11.76 %", Flag.Alert, "above 10.00 %"), (headlines["Login failure rate"].Text, headlines["Login failure rate"].Flag, headlines["Login failure rate"].Note));
        Assert.Equal(("2.86 %", Flag.Alert), (headlines["Lockout rate"].Text, headlines["Lockout rate"].Flag));
        Assert.Equal(("1.43 %", Flag.Alert), (headlines["Suspicious activity rate"].Text, headlines["Suspicious activity rate"].Flag));
        Assert.Equal("+5.88 pp vs previous day", headlines["Login failure rate"].Change);   // 11.76 % vs 5.88 %

        var activity = document.Tables.Single(t => t.Title == "Activity");
        var rows = activity.Rows.ToDictionary(r => r[0].Text);
        Assert.Equal(["Order views", "300", "0", "n/a"], rows["Order views"].Select(c => c.Text));
        Assert.Equal(["Failed logins", "120", "50", "+140.0 %"], rows["Failed logins"].Select(c => c.Text));
        Assert.Equal(1.4, (double)rows["Failed logins"][3].Value!, 12);
        Assert.Equal(120L, rows["Failed logins"][1].Value);
        Assert.Equal(10, activity.Rows.Count);

        var text = Assert.Single(document.Blocks.OfType<TextBlock>()).Text;
        Assert.Equal("3 alert conditions were met: login failure rate 11.76 % > 10.00 %, lockout rate 2.86 % > 2.00 %, suspicious activity rate 1.43 % > 1.00 %.", text);

        var chart = Assert.Single(document.Charts);
        Assert.Equal(["00:00", "01:00"], chart.Categories);   // hours in New York time (EST on 2026-03-08 before 02:00)
        Assert.Equal([10.0, 20.0], chart.Series[0].Values);
    }

    [Fact]
    public void A_quiet_day_meets_no_condition() =>
        Assert.Equal("No alert condition was met.", Assert.Single(Build(new DailyActivity(1000, 10, 1, 0, 0, 0, 0, 0, 0, 300), Yesterday).Blocks.OfType<TextBlock>()).Text);

    private static ReportDocument Build(DailyActivity today, DailyActivity previous) =>
        DailyMetricsReport.Build("acme", "2026-03-08", Day.AddDays(1), today, previous,
            new HourlyLogins([Day, Day.AddHours(1)], [10, 20], [1, 2]), NewYork);
}
