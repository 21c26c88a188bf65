using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class AtRiskDigestReportTests
{
    private static readonly DateTimeOffset WeekStart = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-03-02T07:00:00Z", true)]    // reached the level as the week began
    [InlineData("2026-03-08T23:00:00Z", true)]
    [InlineData("2026-03-02T06:59:59Z", false)]
    [InlineData(null, false)]                      // unknown: counted as earlier
    public void New_this_week_means_reaching_the_level_within_the_period(string? since, bool isNew) =>
        Assert.Equal(isNew, AtRiskDigestReport.IsNew(Account("a", 0.9, "critical", since), WeekStart));

    [Theory]
    [InlineData(new string[0], "review the account")]
    [InlineData(new[] { "re_engagement_email", "personal_call" }, "win-back email, personal call")]
    [InlineData(new[] { "onboarding_session", "support_escalation", "something_new" }, "onboarding, escalate tickets, something new")]
    public void Actions_are_the_interventions_in_short(string[] codes, string action) =>
        Assert.Equal(action, RiskWording.Action(codes));

    [Fact]
    public void The_digest_lists_the_riskiest_first_and_counts_new_and_earlier_by_level()
    {
        AtRiskAccount[] accounts =
        [
            Account("a-3", 0.55, "high", null),
            Account("a-2", 0.85, "critical", "2026-01-10T09:00:00Z"),
            Account("a-4", 0.72, "high", "2026-03-02T07:00:00Z") with { TopFeatures = ["open_tickets"], Interventions = ["support_escalation"] },
            Account("a-1", 0.93, "critical", "2026-03-05T12:00:00Z") with
            {
                TopFeatures = ["days_since_last_login", "open_tickets"], Interventions = ["re_engagement_email", "personal_call"],
            },
        ];
        // One more critical account than listed: the counts cover all of them.
        var document = AtRiskDigestReport.Build("acme", "week", DateTimeOffset.UnixEpoch, WeekStart, accounts, new RiskCounts(Critical: 3, High: 2));

        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal(("3", "1 new this week", Flag.Alert), (headlines["Critical"].Text, headlines["Critical"].Change, headlines["Critical"].Flag));
        Assert.Equal(("2", "1 new this week", Flag.Warning), (headlines["High"].Text, headlines["High"].Change, headlines["High"].Flag));
        Assert.Equal(("2", "3"), (headlines["New this week"].Text, headlines["Earlier"].Text));

        var table = document.Tables.Single(t => t.Title == "Accounts at risk, riskiest first");
        Assert.Equal(["a-1", "a-2", "a-4", "a-3"], table.Rows.Select(r => r[0].Text));
        Assert.Equal(["a-1", "93.0 %", "critical", "2026-03-05", "yes", "inactivity, open tickets", "win-back email, personal call"],
            table.Rows[0].Select(c => c.Text));
        Assert.Equal(["a-4", "72.0 %", "high", "2026-03-02", "yes", "open tickets", "escalate tickets"], table.Rows[2].Select(c => c.Text));
        Assert.Equal(["a-3", "55.0 %", "high", "n/a", "no", "n/a", "review the account"], table.Rows[3].Select(c => c.Text));
        Assert.Equal((0.93, new DateOnly(2026, 3, 5), Flag.Alert), (table.Rows[0][1].Value, table.Rows[0][3].Value, table.Rows[0][2].Flag));

        var byLevel = document.Tables.Single(t => t.Title == "Accounts by level");
        Assert.Equal([["critical", "3", "1", "2"], ["high", "2", "1", "1"]], byLevel.Rows.Select(r => r.Select(c => c.Text).ToArray()).ToArray());
        var chart = Assert.Single(document.Charts);
        Assert.Equal(["High", "Critical"], chart.Categories);
        Assert.Equal(["New this week", "Earlier"], chart.Series.Select(s => s.Name));
        Assert.Equal([1, 1], chart.Series[0].Values);
        Assert.Equal([1, 2], chart.Series[1].Values);
        Assert.Contains(document.Blocks.OfType<TextBlock>(), t => t.Text ==
            "5 accounts are at high or critical churn risk; 2 reached their level this week. The 4 riskiest are listed; new-this-week counts cover those listed.");
    }

    [Fact]
    public void Without_accounts_at_risk_the_digest_says_so()
    {
        var document = AtRiskDigestReport.Build("acme", "week", DateTimeOffset.UnixEpoch, WeekStart, [], new RiskCounts(0, 0));

        Assert.Equal(["0", "0", "0", "0"], document.Headlines.Select(h => h.Text));
        Assert.Equal(Flag.Good, document.Headlines.First().Flag);
        Assert.Contains(document.Blocks.OfType<TextBlock>(), t => t.Text == "No account is at high or critical churn risk.");
        Assert.Empty(document.Tables.Single(t => t.Title == "Accounts at risk, riskiest first").Rows);
    }

    private static AtRiskAccount Account(string id, double probability, string level, string? since) =>
        new(id, probability, level, since is null ? null : DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture), [], []);
}
