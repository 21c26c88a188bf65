using Suite.Alerting.Domain.Rules;
using static Suite.Alerting.Tests.Domain.Rules.RuleTestData;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class TargetAndAbsenceRuleTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    [Theory]
    // target, percent below, latest → reason (null = inactive)
    [InlineData(100, 15, 84, "84 is 16 % below the target 100 (limit 15 %)")]
    [InlineData(100, 15, 85, null)]          // exactly 15 % below is not more than 15 %
    [InlineData(100, 15, 120, null)]
    [InlineData(200, 100, -1, "-1 is 100.5 % below the target 200 (limit 100 %)")]
    [InlineData(-100, 10, -111, "-111 is 11 % below the target -100 (limit 10 %)")]   // floor −110
    [InlineData(-100, 10, -110, null)]
    [InlineData(0, 10, -1, "-1 is below the target 0 (limit 10 %)")]                 // floor 0, no percentage of 0
    public void Fires_more_than_the_percent_below_target(double target, double percent, double latest, string? reason)
    {
        var outcome = RuleEvaluation.Evaluate(new TargetCondition(target, percent), SeriesWindow.Of((Now, latest)), null, Now);
        if (reason is null)
        {
            Assert.IsType<RuleOutcome.Inactive>(outcome);
        }
        else
        {
            Assert.Equal(new RuleOutcome.Firing(latest, reason, RuleMemory.Empty), outcome);
        }
    }

    [Fact]
    public void Target_without_points_is_no_data() =>
        Assert.IsType<RuleOutcome.NoData>(RuleEvaluation.Evaluate(new TargetCondition(100, 10), SeriesWindow.Empty, null, Now));

    [Theory]
    // for (h), newest point's age (min; -1 = no points) → firing value (null = inactive)
    [InlineData(1, 30, null)]
    [InlineData(1, 59, null)]
    [InlineData(1, 60, 3600.0)]              // not newer than now − 1h: absent
    [InlineData(26, 1560, 93600.0)]          // nightly ETL: nothing for 26h
    [InlineData(26, 1559, null)]
    public void Fires_when_no_point_is_newer_than_now_minus_for(int forHours, int ageMinutes, double? value)
    {
        var input = SeriesWindow.Of((Now.AddMinutes(-ageMinutes - 600), 1), (Now.AddMinutes(-ageMinutes), 1));
        var outcome = RuleEvaluation.Evaluate(new AbsenceCondition(TimeSpan.FromHours(forHours)), input, null, Now);
        if (value is null)
        {
            Assert.IsType<RuleOutcome.Inactive>(outcome);
        }
        else
        {
            Assert.Equal(value.Value, Assert.IsType<RuleOutcome.Firing>(outcome).Value);
        }
    }

    [Fact]
    public void Absence_reason_gives_the_age_and_the_last_point() =>
        Assert.Equal(
            new RuleOutcome.Firing(5400, $"no point for 1h30m (last at {Now.AddMinutes(-90):O}, limit 1h)", RuleMemory.Empty),
            RuleEvaluation.Evaluate(new AbsenceCondition(TimeSpan.FromHours(1)), SeriesWindow.Of((Now.AddMinutes(-90), 3)), null, Now));

    [Fact]
    public void No_points_at_all_is_absent_forever()
    {
        var outcome = RuleEvaluation.Evaluate(
            new AbsenceCondition(TimeSpan.FromHours(1)), SeriesWindow.Of((Now, double.NaN)), null, Now);
        Assert.Equal(new RuleOutcome.Firing(double.PositiveInfinity, "no points at all (limit 1h)", RuleMemory.Empty), outcome);
    }
}
