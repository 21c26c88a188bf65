using Suite.Alerting.Domain;

namespace Suite.Alerting.Tests.Domain;

public class AlertDecisionsTests
{
    public static TheoryData<string, Comparison, double, long, KpiSample, AlertState, AlertDecision> Cases => new()
    {
        // name, comparison, threshold, min_samples, sample, current state, expected
        { "below breached, inactive → fire", Comparison.Below, 0.9, 0, new(true, 0.5, 100), AlertState.Inactive, AlertDecision.Fire },
        { "below breached, firing → stay", Comparison.Below, 0.9, 0, new(true, 0.5, 100), AlertState.Firing, AlertDecision.StayFiring },
        { "below recovered, firing → resolve", Comparison.Below, 0.9, 0, new(true, 0.95, 100), AlertState.Firing, AlertDecision.Resolve },
        { "below fine, inactive → nothing", Comparison.Below, 0.9, 0, new(true, 0.95, 100), AlertState.Inactive, AlertDecision.Nothing },
        { "above breached, inactive → fire", Comparison.Above, 100, 0, new(true, 101, 101), AlertState.Inactive, AlertDecision.Fire },
        { "above fine, firing → resolve", Comparison.Above, 100, 0, new(true, 99, 99), AlertState.Firing, AlertDecision.Resolve },
        { "equal to threshold (above) does not breach", Comparison.Above, 100, 0, new(true, 100, 100), AlertState.Inactive, AlertDecision.Nothing },
        { "equal to threshold (below) does not breach", Comparison.Below, 0.9, 0, new(true, 0.9, 10), AlertState.Inactive, AlertDecision.Nothing },
        { "equal to threshold resolves a firing alert", Comparison.Above, 100, 0, new(true, 100, 100), AlertState.Firing, AlertDecision.Resolve },
        { "negative threshold", Comparison.Below, -5, 0, new(true, -6, 1), AlertState.Inactive, AlertDecision.Fire },
        { "no value, inactive → nothing", Comparison.Below, 0.9, 0, new(false, 0, 0), AlertState.Inactive, AlertDecision.Nothing },
        { "no value, firing → stays firing", Comparison.Below, 0.9, 0, new(false, 0, 0), AlertState.Firing, AlertDecision.StayFiring },
        { "too few samples do not fire", Comparison.Below, 0.9, 10, new(true, 0.1, 9), AlertState.Inactive, AlertDecision.Nothing },
        { "too few samples do not resolve", Comparison.Below, 0.9, 10, new(true, 1.0, 9), AlertState.Firing, AlertDecision.StayFiring },
        { "exactly min_samples is enough", Comparison.Below, 0.9, 10, new(true, 0.1, 10), AlertState.Inactive, AlertDecision.Fire },
        { "NaN value is no data", Comparison.Above, 1, 0, new(true, double.NaN, 5), AlertState.Inactive, AlertDecision.Nothing },
        { "infinite value is no data", Comparison.Above, 1, 0, new(true, double.PositiveInfinity, 5), AlertState.Firing, AlertDecision.StayFiring },
        { "count of zero above -1 fires", Comparison.Above, -1, 0, new(true, 0, 0), AlertState.Inactive, AlertDecision.Fire },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(string name, Comparison comparison, double threshold, long minSamples, KpiSample sample, AlertState current, AlertDecision expected)
    {
        var decision = AlertDecisions.Decide(new AlertCondition(comparison, threshold, minSamples), sample, current);
        Assert.True(decision == expected, $"{name}: expected {expected}, got {decision}");
    }

    [Theory]
    [InlineData(true, 0.42, 42, 100, 100)]   // ratio: the denominator is the number of events
    [InlineData(true, 1234, 1234, 0, 1234)]  // count: the numerator is the count
    [InlineData(false, 0, 0, 0, 0)]          // ratio without denominator
    public void Sample_count_comes_from_the_denominator_or_the_count(bool hasValue, double value, long numerator, long denominator, long expectedCount)
    {
        var sample = KpiSample.From(hasValue, value, numerator, denominator);
        Assert.Equal(new KpiSample(hasValue, value, expectedCount), sample);
    }
}
