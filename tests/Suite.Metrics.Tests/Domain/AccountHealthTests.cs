using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class AccountHealthTests
{
    [Theory]
    //          active tickets orders  engagement support value  score  band
    [InlineData(20, 0, 5, 40.0, 30.0, 30.0, 100.0, HealthBand.Healthy)]
    [InlineData(30, 0, 9, 40.0, 30.0, 30.0, 100.0, HealthBand.Healthy)]     // capped
    [InlineData(0, 0, 0, 0.0, 30.0, 0.0, 30.0, HealthBand.Critical)]       // silent but no complaints
    [InlineData(0, 5, 0, 0.0, 0.0, 0.0, 0.0, HealthBand.Critical)]
    [InlineData(10, 1, 2, 20.0, 20.0, 12.0, 52.0, HealthBand.AtRisk)]
    [InlineData(15, 2, 5, 30.0, 10.0, 30.0, 70.0, HealthBand.Healthy)]     // exactly 70 is healthy
    [InlineData(5, 0, 0, 10.0, 30.0, 0.0, 40.0, HealthBand.AtRisk)]        // exactly 40 is at risk
    [InlineData(3, 3, 1, 6.0, 0.0, 6.0, 12.0, HealthBand.Critical)]
    [InlineData(7, 0, 3, 14.0, 30.0, 18.0, 62.0, HealthBand.AtRisk)]
    public void Scores_engagement_support_and_value(int activeDays, long tickets, long orders, double engagement, double support, double value, double score, HealthBand band)
    {
        var s = AccountHealth.Score(new AccountWindow("acc", activeDays, tickets, orders));
        Assert.Equal((engagement, support, value, score, band), (s.Engagement, s.Support, s.Value, s.Score, s.Band));
    }

    [Theory]
    [InlineData(69.9, HealthBand.AtRisk)]
    [InlineData(39.9, HealthBand.Critical)]
    [InlineData(70.0, HealthBand.Healthy)]
    public void Bands_follow_the_thresholds(double score, HealthBand band) => Assert.Equal(band, AccountHealth.BandOf(score));

    [Fact]
    public void The_window_is_the_thirty_days_ending_with_the_day() =>
        Assert.Equal((new DateOnly(2025, 5, 2), new DateOnly(2025, 5, 31)), AccountHealth.WindowOf(new DateOnly(2025, 5, 31)));

    [Fact]
    public void Aggregates_per_account_and_day_ignoring_events_without_an_account()
    {
        var day = new DateTimeOffset(2025, 5, 1, 23, 59, 0, TimeSpan.Zero);
        Contracts.Events.IngestedEvent E(string? account, string domain, string type, DateTimeOffset at) =>
            new(Guid.NewGuid(), domain, type, at, "u", account, null, null, null, null, null, null, null);
        var rows = AccountHealth.Aggregate(
        [
            E("b", "auth", "LOGIN", day), E("b", "auth", "LOGIN", day), E("b", "support", "TICKET_OPENED", day),
            E("a", "orders", "ORDER_PLACED", day), E("a", "auth", "LOGIN_FAILED", day), E("a", "auth", "LOGIN", day.AddMinutes(2)),
            E(null, "auth", "LOGIN", day), E("", "auth", "LOGIN", day),
        ]);
        Assert.Equal(
        [
            new AccountDay("a", new DateOnly(2025, 5, 1), 2, 0, 0, 1),
            new AccountDay("a", new DateOnly(2025, 5, 2), 1, 1, 0, 0),
            new AccountDay("b", new DateOnly(2025, 5, 1), 3, 2, 1, 0),
        ], rows);
    }
}

public class AccountHealthBandChangeTests
{
    private static AccountScore Score(string account, int activeDays, long tickets, long orders) =>
        AccountHealth.Score(new AccountWindow(account, activeDays, tickets, orders));

    [Fact]
    public void Only_accounts_whose_band_moved_since_the_previous_day_are_changes()
    {
        var previous = new Dictionary<string, double> { ["a"] = 46, ["b"] = 46, ["c"] = 39.9, ["d"] = 75 };
        var today = new[]
        {
            Score("a", 8, 3, 0),   // 16: at_risk → critical
            Score("b", 8, 0, 0),   // 46: still at_risk
            Score("c", 8, 0, 0),   // 46: critical → at_risk (recovery is a change too)
            Score("d", 20, 0, 1),  // 76: still healthy
            Score("e", 0, 3, 0),   // new account: no previous day, not a change
        };

        var changes = AccountHealth.BandChanges(previous, today);

        Assert.Equal(
            [("a", HealthBand.AtRisk, HealthBand.Critical, 46.0, 16.0), ("c", HealthBand.Critical, HealthBand.AtRisk, 39.9, 46.0)],
            changes.Select(c => (c.Current.AccountId, c.PreviousBand, c.Current.Band, c.PreviousScore, c.Current.Score)).ToArray());
    }
}
