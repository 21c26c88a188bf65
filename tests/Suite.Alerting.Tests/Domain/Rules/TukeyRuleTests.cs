using Suite.Alerting.Domain.Rules;
using static Suite.Alerting.Tests.Domain.Rules.RuleTestData;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class TukeyRuleTests
{
    private static readonly DateTimeOffset Now = Minute(60);

    // The window (any order) sorted: 2, 4, 4, 5, 7, 8, 9, 30 (n = 8), quartiles by type 7, h = (n − 1)·p, 0-based:
    //   Q1: h = 7 · 0.25 = 1.75 → x[1] + 0.75·(x[2] − x[1]) = 4 + 0.75·0 = 4
    //   Q3: h = 7 · 0.75 = 5.25 → x[5] + 0.25·(x[6] − x[5]) = 8 + 0.25·1 = 8.25
    //   IQR = 4.25
    //   f = 1.5: fences 4 − 6.375 = −2.375 and 8.25 + 6.375 = 14.625
    //   f = 3.0: fences 4 − 12.75 = −8.75  and 8.25 + 12.75 = 21
    private static readonly double[] Data = [9, 2, 30, 4, 7, 4, 8, 5];

    private static SeriesWindow Window(double latest) => Minutes([-1000, .. Data, latest]);

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(0.25, 4.0)]
    [InlineData(0.5, 6.0)]      // h = 3.5 → 5 + 0.5·(7 − 5)
    [InlineData(0.75, 8.25)]
    [InlineData(1.0, 30.0)]
    public void Quantiles_interpolate_linearly_type_7(double p, double expected) =>
        Assert.Equal(expected, SeriesStatistics.Quantile(Data, p));

    [Theory]
    [InlineData(TukeyCondition.Outlier, -2.375, 14.625)]
    [InlineData(TukeyCondition.FarOut, -8.75, 21.0)]
    public void Fences_are_exact(double factor, double lower, double upper)
    {
        var fences = TukeyFences.Of(Data, factor);
        Assert.Equal((4.0, 8.25, 4.25, lower, upper), (fences.Q1, fences.Q3, fences.Iqr, fences.Lower, fences.Upper));
    }

    [Theory]
    // latest, factor, deviation → fires
    [InlineData(15, TukeyCondition.Outlier, Deviation.Either, true)]
    [InlineData(14.625, TukeyCondition.Outlier, Deviation.Either, false)]   // on the fence: strict
    [InlineData(15, TukeyCondition.FarOut, Deviation.Either, false)]
    [InlineData(22, TukeyCondition.FarOut, Deviation.Either, true)]
    [InlineData(-3, TukeyCondition.Outlier, Deviation.Either, true)]
    [InlineData(-3, TukeyCondition.Outlier, Deviation.Below, true)]
    [InlineData(-3, TukeyCondition.Outlier, Deviation.Above, false)]
    [InlineData(-3, TukeyCondition.FarOut, Deviation.Either, false)]
    [InlineData(15, TukeyCondition.Outlier, Deviation.Below, false)]
    public void Fires_outside_the_fences_of_the_preceding_window(double latest, double factor, Deviation deviation, bool fires)
    {
        var outcome = RuleEvaluation.Evaluate(new TukeyCondition(8, factor, deviation), Window(latest), null, Now);
        if (fires)
        {
            Assert.Equal(latest, Assert.IsType<RuleOutcome.Firing>(outcome).Value);
        }
        else
        {
            Assert.IsType<RuleOutcome.Inactive>(outcome);
        }
    }

    [Theory]
    [InlineData(15, "15 is above the upper fence 14.625 (Q1 4, Q3 8.25, IQR 4.25, f 1.5)")]
    [InlineData(-3, "-3 is below the lower fence -2.375 (Q1 4, Q3 8.25, IQR 4.25, f 1.5)")]
    public void Firing_reason_names_the_fence(double latest, string reason) =>
        Assert.Equal(
            new RuleOutcome.Firing(latest, reason, RuleMemory.Empty),
            RuleEvaluation.Evaluate(new TukeyCondition(8), Window(latest), null, Now));

    [Fact]
    public void Fewer_points_than_window_plus_latest_is_no_data() =>
        Assert.IsType<RuleOutcome.NoData>(RuleEvaluation.Evaluate(new TukeyCondition(8), Minutes(Data), null, Now));
}
