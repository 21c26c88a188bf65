using Suite.Alerting.Domain.Rules;
using static Suite.Alerting.Tests.Domain.Rules.RuleTestData;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class ChangeRuleTests
{
    // Period = 1 day, now = T0 + 2d: previous period (T0, T0+1d], current (T0+1d, T0+2d].
    private static readonly DateTimeOffset Now = T0.AddDays(2);

    private static SeriesWindow Periods(double previousA, double previousB, double currentA, double currentB) => SeriesWindow.Of(
        (T0, 1000),                        // = now − 2·period: outside both periods (half-open)
        (T0.AddHours(12), previousA),
        (T0.AddDays(1), previousB),        // = now − period: the previous period's last instant
        (T0.AddDays(1).AddHours(12), currentA),
        (Now, currentB),
        (Now.AddHours(1), 1000));          // after now: ignored

    [Theory]
    // previous (a, b), current (a, b), direction, percent, aggregate → change % (null = inactive)
    [InlineData(50, 50, 40, 40, ChangeDirection.Decline, 15, PeriodAggregate.Sum, -20.0)]
    [InlineData(50, 50, 40, 40, ChangeDirection.Decline, 20, PeriodAggregate.Sum, null)]     // exactly 20 % is not more than 20 %
    [InlineData(50, 50, 40, 40, ChangeDirection.Increase, 15, PeriodAggregate.Sum, null)]
    [InlineData(50, 50, 42.5, 42.5, ChangeDirection.Decline, 15, PeriodAggregate.Sum, null)] // −15 %: not > 15 %
    [InlineData(50, 50, 42, 42, ChangeDirection.Decline, 15, PeriodAggregate.Sum, -16.0)]
    [InlineData(40, 60, 10, 70, ChangeDirection.Decline, 15, PeriodAggregate.Mean, -20.0)]   // means 50 → 40
    [InlineData(50, 50, 100, 150, ChangeDirection.Increase, 100, PeriodAggregate.Sum, 150.0)]
    [InlineData(-50, -50, -25, -25, ChangeDirection.Increase, 40, PeriodAggregate.Sum, 50.0)] // −100 → −50 is a rise
    public void Compares_the_current_period_with_the_previous(
        double pa, double pb, double ca, double cb, ChangeDirection direction, double percent, PeriodAggregate aggregate, double? change)
    {
        var condition = new ChangeCondition(TimeSpan.FromDays(1), direction, percent, aggregate);
        var outcome = RuleEvaluation.Evaluate(condition, Periods(pa, pb, ca, cb), null, Now);
        if (change is null)
        {
            Assert.IsType<RuleOutcome.Inactive>(outcome);
        }
        else
        {
            Assert.Equal(change.Value, Assert.IsType<RuleOutcome.Firing>(outcome).Value);
        }
    }

    [Fact]
    public void Firing_reason_gives_both_aggregates_and_the_limit()
    {
        var outcome = RuleEvaluation.Evaluate(
            new ChangeCondition(TimeSpan.FromDays(1), ChangeDirection.Decline, 15), Periods(50, 50, 40, 40), null, Now);
        Assert.Equal(new RuleOutcome.Firing(-20, "sum fell 20 % (100 → 80), limit 15 %", RuleMemory.Empty), outcome);
    }

    [Theory]
    [InlineData(0, 0, 40, 40, "the previous period's sum is 0: no percentage change")]
    [InlineData(0, 0, 0, 0, "the previous period's sum is 0: no percentage change")]
    [InlineData(-5, 5, 40, 40, "the previous period's sum is 0: no percentage change")]
    public void A_zero_previous_period_is_no_data(double pa, double pb, double ca, double cb, string reason)
    {
        var outcome = RuleEvaluation.Evaluate(
            new ChangeCondition(TimeSpan.FromDays(1), ChangeDirection.Increase, 10), Periods(pa, pb, ca, cb), null, Now);
        Assert.Equal(new RuleOutcome.NoData(reason, RuleMemory.Empty), outcome);
    }

    [Fact]
    public void An_empty_period_is_no_data()
    {
        var condition = new ChangeCondition(TimeSpan.FromDays(1), ChangeDirection.Decline, 10);
        var onlyCurrent = SeriesWindow.Of((Now, 5));
        var onlyPrevious = SeriesWindow.Of((T0.AddDays(1), 5));
        Assert.Equal("no points in the previous period", Assert.IsType<RuleOutcome.NoData>(RuleEvaluation.Evaluate(condition, onlyCurrent, null, Now)).Reason);
        Assert.Equal("no points in the current period", Assert.IsType<RuleOutcome.NoData>(RuleEvaluation.Evaluate(condition, onlyPrevious, null, Now)).Reason);
    }
}
