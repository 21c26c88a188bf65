namespace Suite.Alerting.Domain;

/// <summary>
/// The KPI over a rule's window. Count is how many events stand behind the value (a ratio's denominator, a
/// count's own value): min_samples compares against it.
/// </summary>
public sealed record KpiSample(bool HasValue, double Value, long Count)
{
    public static KpiSample NoData { get; } = new(false, 0, 0);

    /// <summary>From metrics' KpiPoint fields: a ratio counts its denominator, a count (denominator 0) its numerator.</summary>
    public static KpiSample From(bool hasValue, double value, long numerator, long denominator) =>
        new(hasValue, value, denominator > 0 ? denominator : numerator);
}
