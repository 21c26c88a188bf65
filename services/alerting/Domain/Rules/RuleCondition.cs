namespace Suite.Alerting.Domain.Rules;

/// <summary>Which side of the expected range counts as anomalous.</summary>
public enum Deviation
{
    Either,
    Above,
    Below,
}

public enum ChangeDirection
{
    Decline,
    Increase,
}

/// <summary>How a period's points become one number for <see cref="ChangeCondition"/>.</summary>
public enum PeriodAggregate
{
    Sum,
    Mean,
}

/// <summary>
/// What makes a rule fire. Each kind is a record evaluated by <see cref="RuleEvaluation.Evaluate"/>; its limits are
/// checked by <see cref="RuleConditionValidation.Validate(RuleCondition)"/>.
/// </summary>
public abstract record RuleCondition;

/// <summary>
/// The latest point is strictly above/below <paramref name="Threshold"/>; fires once that has held for
/// <paramref name="For"/> (Pending before; <c>For = 0</c> fires at once), like Prometheus' <c>for:</c>.
/// </summary>
public sealed record ThresholdCondition(Comparison Comparison, double Threshold, TimeSpan For) : RuleCondition;

/// <summary>
/// The current period (now − Period, now] against the previous one (now − 2·Period, now − Period]: fires when the
/// change is a decline (or increase) of strictly more than <paramref name="Percent"/> %.
/// </summary>
public sealed record ChangeCondition(
    TimeSpan Period,
    ChangeDirection Direction,
    double Percent,
    PeriodAggregate Aggregate = PeriodAggregate.Sum) : RuleCondition;

/// <summary>The latest point's z-score against the <paramref name="Window"/> points before it: fires when |z| &gt; K.</summary>
public sealed record ZScoreCondition(int Window, double K, Deviation Deviation = Deviation.Either) : RuleCondition;

/// <summary>
/// Tabular CUSUM on standardized points: μ and σ from the first <paramref name="BaselineWindow"/> points (frozen in
/// the rule's memory), C⁺ = max(0, C⁺ + z − k), C⁻ = max(0, C⁻ − z − k), alarm when either exceeds h (default 5k).
/// </summary>
public sealed record CusumCondition(int BaselineWindow, double K, double? H = null, Deviation Deviation = Deviation.Either)
    : RuleCondition
{
    public const double DefaultHFactor = 5;

    /// <summary>The decision interval: <see cref="H"/> when set, else 5·k.</summary>
    public double EffectiveH => H ?? DefaultHFactor * K;
}

/// <summary>
/// The latest point against Tukey's fences of the <paramref name="Window"/> points before it:
/// Q1 − f·IQR and Q3 + f·IQR, f = 1.5 (outlier) or 3.0 (far out); quartiles by linear interpolation (type 7).
/// </summary>
public sealed record TukeyCondition(int Window, double Factor = TukeyCondition.Outlier, Deviation Deviation = Deviation.Either)
    : RuleCondition
{
    public const double Outlier = 1.5;
    public const double FarOut = 3.0;
}

/// <summary>The latest point is more than <paramref name="PercentBelow"/> % below <paramref name="Target"/>.</summary>
public sealed record TargetCondition(double Target, double PercentBelow) : RuleCondition
{
    /// <summary>Target − |Target|·p/100: strictly below this fires (|Target| keeps "below" below for negative targets).</summary>
    public double Floor => Target - Math.Abs(Target) * PercentBelow / 100.0;
}

/// <summary>No point newer than now − <paramref name="For"/>: fires (missing data, a nightly ETL that did not land).</summary>
public sealed record AbsenceCondition(TimeSpan For) : RuleCondition;
