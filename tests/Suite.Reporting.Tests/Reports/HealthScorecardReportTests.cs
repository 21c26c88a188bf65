using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class HealthScorecardReportTests
{
    [Theory]
    // active days, users → tier
    [InlineData(0, 3, EngagementTier.NoActivity)]
    [InlineData(1, 3, EngagementTier.LowEngagement)]
    [InlineData(4, 1, EngagementTier.LowEngagement)]
    [InlineData(5, 1, EngagementTier.Normal)]
    [InlineData(19, 1, EngagementTier.Normal)]
    [InlineData(20, 1, EngagementTier.PowerUser)]
    [InlineData(30, 9, EngagementTier.PowerUser)]
    [InlineData(0, 0, EngagementTier.NoUsers)]
    [InlineData(12, 0, EngagementTier.NoUsers)]     // activity without a user (system traffic) is still nobody
    public void Tiers_follow_users_then_active_days(int activeDays, long users, EngagementTier tier) =>
        Assert.Equal(tier, HealthScorecardReport.Tier(new AccountScore("a", 50, "healthy", activeDays, 0, 0, users)));

    [Theory]
    // band, active days, tickets, orders → action (most urgent rule first); users: 2 unless the row says otherwise
    [InlineData("critical", 25, 5, 0, "Call the owner this week")]
    [InlineData("at_risk", 0, 0, 0, "Onboard: invite the account's first users", 0)]
    [InlineData("at_risk", 0, 0, 0, "Re-onboard: no login in 30 days")]
    [InlineData("healthy", 12, 3, 10, "Review open support tickets")]
    [InlineData("at_risk", 3, 0, 0, "Check-in and training session")]
    [InlineData("at_risk", 12, 0, 0, "Review the account: few orders")]
    [InlineData("healthy", 22, 0, 20, "Ask for a referral or case study")]
    [InlineData("healthy", 10, 1, 5, "No action")]
    public void Actions_take_the_most_urgent_rule(string band, int activeDays, long tickets, long orders, string action, long users = 2) =>
        Assert.Equal(action, HealthScorecardReport.Action(new AccountScore("a", 50, band, activeDays, tickets, orders, users)));

    [Fact]
    public void The_scorecard_lists_accounts_worst_first_with_the_distribution()
    {
        AccountScore[] accounts =
        [
            new("acct-healthy", 92.5, "healthy", 24, 0, 30, 12),
            new("acct-critical", 12.0, "critical", 1, 4, 0, 2),
            new("acct-risk", 55.0, "at_risk", 3, 1, 2, 1),
            new("acct-zero", 0.0, "critical", 0, 0, 0, 0),
        ];
        var document = HealthScorecardReport.Build("acme", "March 2026", DateTimeOffset.UnixEpoch, accounts, healthy: 1, atRisk: 1, critical: 2);

        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal("4", headlines["Accounts"].Text);
        Assert.Equal("2 (50.0 %)", headlines["Critical"].Text);
        Assert.Equal("39.9", headlines["Average score"].Text);   // (92.5 + 12 + 55 + 0) / 4 = 39.875

        var table = document.Tables.Single(t => t.Title == "Accounts, worst first");
        Assert.Equal(["acct-zero", "acct-critical", "acct-risk", "acct-healthy"], table.Rows.Select(r => r[0].Text));
        Assert.Equal(["acct-risk", "55.0", "at risk", "low engagement", "1", "3", "1", "2", "Check-in and training session"], table.Rows[2].Select(c => c.Text));
        Assert.Equal(["acct-zero", "0.0", "critical", "no users", "0", "0", "0", "0", "Call the owner this week"], table.Rows[0].Select(c => c.Text));
        Assert.Equal(Flag.Alert, table.Rows[0][2].Flag);

        var charts = document.Charts.ToList();
        Assert.Equal([1.0, 1.0, 2.0], charts[0].Series[0].Values);
        Assert.Equal([1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0], charts[1].Series[0].Values);   // 0 in 0–9, 12 in 10–19, 55, 92.5
        Assert.Equal("90–100", charts[1].Categories[9]);
        var tiers = document.Tables.Single(t => t.Title == "Engagement tiers").Rows.ToDictionary(r => r[0].Text, r => r[1].Text);
        Assert.Equal(("1", "0", "2", "0", "1"), (tiers["no users"], tiers["no activity"], tiers["low engagement"], tiers["normal"], tiers["power user"]));
    }

    [Fact]
    public void A_truncated_list_says_so() =>
        Assert.Contains(Assert.Single(HealthScorecardReport.Build("acme", "March 2026", DateTimeOffset.UnixEpoch,
            [new AccountScore("a", 10, "critical", 0, 0, 0, 1)], healthy: 500, atRisk: 20, critical: 3).Blocks.OfType<TextBlock>()).Text,
            "The 1 lowest-scoring of 523 accounts are listed.");
}
