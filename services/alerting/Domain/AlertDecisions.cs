namespace Suite.Alerting.Domain;

/// <summary>The state of a rule's alert before this evaluation.</summary>
public enum AlertState
{
    Inactive,
    Firing,
}

public enum AlertDecision
{
    Nothing,
    Fire,
    StayFiring,
    Resolve,
}

/// <summary>Pure decisions of one evaluation: what to do given the rule, the sample and the current state.</summary>
public static class AlertDecisions
{
    public static AlertDecision Decide(AlertCondition condition, KpiSample sample, AlertState current)
    {
        // Too little data says nothing either way: keep the current state, so a quiet night neither fires a ratio
        // on three events nor resolves a real problem because traffic dried up.
        if (!HasEnoughData(condition, sample))
        {
            return current == AlertState.Firing ? AlertDecision.StayFiring : AlertDecision.Nothing;
        }
        var breached = IsBreached(condition.Comparison, condition.Threshold, sample.Value);
        return (current, breached) switch
        {
            (AlertState.Inactive, true) => AlertDecision.Fire,
            (AlertState.Firing, true) => AlertDecision.StayFiring,
            (AlertState.Firing, false) => AlertDecision.Resolve,
            _ => AlertDecision.Nothing,
        };
    }

    public static bool HasEnoughData(AlertCondition condition, KpiSample sample) =>
        sample.HasValue && double.IsFinite(sample.Value) && sample.Count >= condition.MinSamples;

    /// <summary>Strict comparisons: a value equal to the threshold does not breach.</summary>
    public static bool IsBreached(Comparison comparison, double threshold, double value) => comparison switch
    {
        Comparison.Above => value > threshold,
        Comparison.Below => value < threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
    };
}
