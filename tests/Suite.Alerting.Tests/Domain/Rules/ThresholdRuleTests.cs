using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Rules;
using static Suite.Alerting.Tests.Domain.Rules.RuleTestData;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class ThresholdRuleTests
{
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    [Theory]
    // comparison, threshold, for (min), latest, pending since (min before now, -1 = none) → kind, since (min before now), value
    [InlineData(Comparison.Above, 10, 0, 12, -1, "firing", 0)]
    [InlineData(Comparison.Above, 10, 0, 10, -1, "inactive", -1)]      // strict: equal does not breach
    [InlineData(Comparison.Below, 10, 0, 9, -1, "firing", 0)]
    [InlineData(Comparison.Below, 10, 0, 11, -1, "inactive", -1)]
    [InlineData(Comparison.Above, 10, 5, 12, -1, "pending", 0)]        // starts the "for" clock now
    [InlineData(Comparison.Above, 10, 5, 12, 4, "pending", 4)]         // held 4 of 5 minutes
    [InlineData(Comparison.Above, 10, 5, 12, 5, "firing", 5)]          // held exactly 5 minutes
    [InlineData(Comparison.Above, 10, 5, 12, 30, "firing", 30)]
    [InlineData(Comparison.Above, 10, 5, 9, 4, "inactive", -1)]        // recovered: the clock resets
    public void Fires_after_holding_for_the_duration(
        Comparison comparison, double threshold, int forMinutes, double latest, int pendingMinutes, string kind, int sinceMinutes)
    {
        var condition = new ThresholdCondition(comparison, threshold, TimeSpan.FromMinutes(forMinutes));
        var memory = pendingMinutes < 0 ? null : new RuleMemory { PendingSince = Now.AddMinutes(-pendingMinutes) };
        var input = new SeriesWindow([new SeriesPoint(Now.AddMinutes(-20), 0), new SeriesPoint(Now.AddMinutes(-1), latest)]);

        var outcome = RuleEvaluation.Evaluate(condition, input, memory, Now);

        var expectedMemory = new RuleMemory { PendingSince = sinceMinutes < 0 ? null : Now.AddMinutes(-sinceMinutes) };
        Assert.Equal(expectedMemory, outcome.Memory);
        switch (kind)
        {
            case "inactive":
                Assert.IsType<RuleOutcome.Inactive>(outcome);
                break;
            case "pending":
                Assert.Equal(Now.AddMinutes(-sinceMinutes), Assert.IsType<RuleOutcome.Pending>(outcome).Since);
                break;
            default:
                Assert.Equal(latest, Assert.IsType<RuleOutcome.Firing>(outcome).Value);
                break;
        }
    }

    [Theory]
    [InlineData(Comparison.Above, 0, "12.5 is above the threshold 10")]
    [InlineData(Comparison.Above, 5, "12.5 is above the threshold 10 for 1h30m")]
    public void Firing_reason_names_value_threshold_and_duration(Comparison comparison, int forMinutes, string reason)
    {
        var condition = new ThresholdCondition(comparison, 10, TimeSpan.FromMinutes(forMinutes));
        var memory = new RuleMemory { PendingSince = Now.AddMinutes(-90) };
        var outcome = RuleEvaluation.Evaluate(condition, SeriesWindow.Of((Now, 12.5)), memory, Now);
        Assert.Equal(new RuleOutcome.Firing(12.5, reason, memory), outcome);
    }

    [Fact]
    public void No_points_is_no_data_and_keeps_the_pending_clock()
    {
        var memory = new RuleMemory { PendingSince = Now.AddMinutes(-2) };
        var outcome = RuleEvaluation.Evaluate(
            new ThresholdCondition(Comparison.Above, 1, TimeSpan.FromMinutes(5)), SeriesWindow.Empty, memory, Now);
        Assert.Equal(new RuleOutcome.NoData("no points", memory), outcome);
    }

    [Fact]
    public void Non_finite_points_are_dropped_so_the_latest_real_value_decides()
    {
        var input = SeriesWindow.Of((Now.AddMinutes(-2), 12), (Now.AddMinutes(-1), double.NaN));
        var outcome = RuleEvaluation.Evaluate(new ThresholdCondition(Comparison.Above, 10, TimeSpan.Zero), input, null, Now);
        Assert.Equal(12, Assert.IsType<RuleOutcome.Firing>(outcome).Value);
    }

    [Fact]
    public void Points_are_ordered_by_time_whatever_order_they_came_in()
    {
        var input = SeriesWindow.Of((Now.AddMinutes(-1), 12), (Now.AddMinutes(-5), 1));
        var outcome = RuleEvaluation.Evaluate(new ThresholdCondition(Comparison.Above, 10, TimeSpan.Zero), input, null, Now);
        Assert.Equal(12, Assert.IsType<RuleOutcome.Firing>(outcome).Value);
    }
}
