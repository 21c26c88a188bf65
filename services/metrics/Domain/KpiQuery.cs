namespace Suite.Metrics.Domain;

/// <summary>A validated series request: the KPI with its filters applied, a range [From, To) and a bucket width.</summary>
public sealed record KpiQuery(
    KpiDefinition Kpi,
    DateTimeOffset From,
    DateTimeOffset To,
    KpiGranularity Granularity,
    IReadOnlyList<EventSelector> Numerator,
    IReadOnlyList<EventSelector> Denominator,
    IReadOnlyDictionary<string, string>? Dimensions = null)
{
    /// <summary>Rollup column → required value (country, provider, service_code, status).</summary>
    public IReadOnlyDictionary<string, string> DimensionFilters => Dimensions ?? new Dictionary<string, string>();
}

/// <summary>Numerator and denominator counts of one bucket, as read from the rollups.</summary>
public sealed record BucketCounts(DateTimeOffset Start, long Numerator, long Denominator);

/// <summary>One point of a series (or its total).</summary>
public sealed record KpiValue(DateTimeOffset Start, bool HasValue, double Value, long Numerator, long Denominator);

public sealed record KpiSeriesResult(KpiDefinition Kpi, IReadOnlyList<KpiValue> Points, KpiValue Total);
