using Suite.Alerting.Domain.Rules;
using static Suite.Alerting.Tests.Domain.Rules.RuleTestData;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class CusumRuleTests
{
    // Baseline: the first 4 points 8, 12, 8, 12 → μ = 10, σ = 2 (population). k = 0.5, h = 5k = 2.5.
    // Then, z = (x − 10) / 2, C⁺ = max(0, C⁺ + z − 0.5), C⁻ = max(0, C⁻ − z − 0.5):
    //   x = 13: z = 1.5  → C⁺ = 0 + 1.5 − 0.5 = 1.0,   C⁻ = max(0, 0 − 1.5 − 0.5) = 0
    //   x = 14: z = 2.0  → C⁺ = 1.0 + 2.0 − 0.5 = 2.5, C⁻ = 0          (2.5 is not > h: no alarm yet)
    //   x = 12: z = 1.0  → C⁺ = 2.5 + 1.0 − 0.5 = 3.0 > 2.5 → alarm (upward), then both reset to 0
    //   x = 9:  z = −0.5 → C⁺ = max(0, −1) = 0,          C⁻ = max(0, 0 + 0.5 − 0.5) = 0
    private static readonly double[] Sequence = [8, 12, 8, 12, 13, 14, 12, 9];
    private static readonly CusumCondition Condition = new(BaselineWindow: 4, K: 0.5);

    private static SeriesWindow Upto(int count) => Minutes(Sequence[..count]);

    private static RuleMemory Learned(double upper, double lower, int lastIndex) => new()
    {
        BaselineMean = 10,
        BaselineStdDev = 2,
        CusumUpper = upper,
        CusumLower = lower,
        LastPointAt = Minute(lastIndex),
    };

    [Fact]
    public void Default_h_is_five_k() => Assert.Equal(2.5, Condition.EffectiveH);

    [Fact]
    public void Accumulates_across_evaluations_alarms_and_resets()
    {
        // Evaluation 1: baseline + 13, 14.
        var first = RuleEvaluation.Evaluate(Condition, Upto(6), null, Minute(6));
        Assert.Equal(new RuleOutcome.Inactive(Learned(2.5, 0, 5)), first);

        // Evaluation 2: the evaluator fetched the whole series again; only the new 12 is folded in.
        var second = RuleEvaluation.Evaluate(Condition, Upto(7), first.Memory, Minute(7));
        Assert.Equal(
            new RuleOutcome.Firing(3, $"upward shift: C⁺ = 3 > h = 2.5 at {Minute(6):O}", Learned(0, 0, 6)),
            second);

        // Evaluation 3: 9 after the reset.
        var third = RuleEvaluation.Evaluate(Condition, Upto(8), second.Memory, Minute(8));
        Assert.Equal(new RuleOutcome.Inactive(Learned(0, 0, 7)), third);

        // Evaluation 4: nothing new → no data, memory as it was.
        var fourth = RuleEvaluation.Evaluate(Condition, Upto(8), third.Memory, Minute(9));
        Assert.Equal(new RuleOutcome.NoData("no new points since the last evaluation", third.Memory), fourth);
    }

    [Fact]
    public void One_evaluation_over_the_whole_sequence_gives_the_same_end_state()
    {
        var outcome = RuleEvaluation.Evaluate(Condition, Upto(8), null, Minute(8));
        Assert.Equal(new RuleOutcome.Firing(3, $"upward shift: C⁺ = 3 > h = 2.5 at {Minute(6):O}", Learned(0, 0, 7)), outcome);
    }

    // Downward mirror: 7 (z −1.5) → C⁻ 1.0; 6 (z −2) → C⁻ 2.5; 8 (z −1) → C⁻ 3.0 > 2.5.
    [Theory]
    [InlineData(Deviation.Either, true, 0.0)]
    [InlineData(Deviation.Below, true, 0.0)]
    [InlineData(Deviation.Above, false, 3.0)]   // not watched: no alarm, no reset
    public void Detects_a_downward_shift_when_watched(Deviation deviation, bool fires, double lowerAfter)
    {
        var outcome = RuleEvaluation.Evaluate(Condition with { Deviation = deviation }, Minutes(8, 12, 8, 12, 7, 6, 8), null, Minute(7));
        Assert.Equal(Learned(0, lowerAfter, 6), outcome.Memory);
        if (fires)
        {
            Assert.Equal($"downward shift: C⁻ = 3 > h = 2.5 at {Minute(6):O}", Assert.IsType<RuleOutcome.Firing>(outcome).Reason);
        }
        else
        {
            Assert.IsType<RuleOutcome.Inactive>(outcome);
        }
    }

    [Fact]
    public void An_explicit_h_replaces_five_k()
    {
        // h = 3.5: the C⁺ of 3.0 after the third new point does not alarm.
        var outcome = RuleEvaluation.Evaluate(Condition with { H = 3.5 }, Upto(7), null, Minute(7));
        Assert.Equal(new RuleOutcome.Inactive(Learned(3, 0, 6)), outcome);
    }

    [Fact]
    public void A_persisting_shift_alarms_again_after_the_reset()
    {
        // z = 2 each point: C⁺ 1.5, 3.0 (alarm, reset), 1.5, 3.0 (alarm, reset).
        var outcome = RuleEvaluation.Evaluate(Condition, Minutes(8, 12, 8, 12, 14, 14, 14, 14), null, Minute(8));
        Assert.Equal(
            new RuleOutcome.Firing(3, $"upward shift: C⁺ = 3 > h = 2.5 at {Minute(7):O} (2 alarms)", Learned(0, 0, 7)),
            outcome);
    }

    [Fact]
    public void Too_short_a_baseline_is_no_data() =>
        Assert.Equal(
            new RuleOutcome.NoData("needs 4 points for the baseline, has 3", RuleMemory.Empty),
            RuleEvaluation.Evaluate(Condition, Minutes(8, 12, 8), null, Minute(3)));

    [Fact]
    public void A_flat_baseline_is_no_data_and_is_not_frozen() =>
        Assert.Equal(
            new RuleOutcome.NoData("the baseline's stddev is 0: cannot standardize", RuleMemory.Empty),
            RuleEvaluation.Evaluate(Condition, Minutes(5, 5, 5, 5, 9), null, Minute(5)));
}
