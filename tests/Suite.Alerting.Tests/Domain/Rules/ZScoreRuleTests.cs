using Suite.Alerting.Domain.Rules;
using static Suite.Alerting.Tests.Domain.Rules.RuleTestData;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class ZScoreRuleTests
{
    private static readonly DateTimeOffset Now = Minute(60);

    // The window 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and population stddev exactly 2 (squares 9+1+1+1+0+0+4+16 = 32, /8 = 4).
    // The leading 1000 is outside the 8-point window and must not count.
    private static SeriesWindow Window(double latest) => Minutes(1000, 2, 4, 4, 4, 5, 5, 7, 9, latest);

    [Theory]
    // latest, k, deviation → z (null = inactive)
    [InlineData(11, 2.9, Deviation.Either, 3.0)]
    [InlineData(11, 3.0, Deviation.Either, null)]      // strict: |z| = k does not fire
    [InlineData(11, 2.9, Deviation.Above, 3.0)]
    [InlineData(11, 2.9, Deviation.Below, null)]
    [InlineData(-1, 2.9, Deviation.Either, -3.0)]
    [InlineData(-1, 2.9, Deviation.Below, -3.0)]
    [InlineData(-1, 2.9, Deviation.Above, null)]
    [InlineData(8, 1.4, Deviation.Either, 1.5)]
    [InlineData(5, 0.1, Deviation.Either, null)]
    public void Scores_the_latest_point_against_the_preceding_window(double latest, double k, Deviation deviation, double? z)
    {
        var outcome = RuleEvaluation.Evaluate(new ZScoreCondition(8, k, deviation), Window(latest), null, Now);
        if (z is null)
        {
            Assert.IsType<RuleOutcome.Inactive>(outcome);
        }
        else
        {
            Assert.Equal(z.Value, Assert.IsType<RuleOutcome.Firing>(outcome).Value);
        }
    }

    [Fact]
    public void Firing_reason_gives_the_score_and_its_inputs() =>
        Assert.Equal(
            new RuleOutcome.Firing(3, "z = 3 (value 11, mean 5, stddev 2) beyond k = 2.5", RuleMemory.Empty),
            RuleEvaluation.Evaluate(new ZScoreCondition(8, 2.5), Window(11), null, Now));

    [Theory]
    // A flat window has stddev 0: equal to it is z = 0; any departure is an infinite z that beats every k.
    [InlineData(0.1, 1000, Deviation.Either, null)]
    [InlineData(0.2, 1000, Deviation.Either, double.PositiveInfinity)]
    [InlineData(0.0, 1000, Deviation.Either, double.NegativeInfinity)]
    [InlineData(0.0, 1000, Deviation.Above, null)]
    public void A_flat_window_scores_departures_as_infinite(double latest, double k, Deviation deviation, double? z)
    {
        // 0.1 three times: a naive mean/variance leaves a rounding residue that would pass for spread.
        var outcome = RuleEvaluation.Evaluate(new ZScoreCondition(3, k, deviation), Minutes(0.1, 0.1, 0.1, latest), null, Now);
        if (z is null)
        {
            Assert.IsType<RuleOutcome.Inactive>(outcome);
        }
        else
        {
            var firing = Assert.IsType<RuleOutcome.Firing>(outcome);
            Assert.Equal(z.Value, firing.Value);
            Assert.StartsWith(z > 0 ? "z = +Inf (value 0.2, mean 0.1, stddev 0)" : "z = -Inf", firing.Reason);
        }
    }

    [Fact]
    public void Fewer_points_than_window_plus_latest_is_no_data() =>
        Assert.Equal(
            new RuleOutcome.NoData("needs 9 points (window 8 + latest), has 8", RuleMemory.Empty),
            RuleEvaluation.Evaluate(new ZScoreCondition(8, 3), Minutes(2, 4, 4, 4, 5, 5, 7, 9), null, Now));
}
