namespace Suite.Metrics.Domain;

/// <summary>
/// Turns bucket counts into a gap-free series (every bucket of the range, zero when nothing happened) and a total.
/// Counts: value = numerator. Ratios and averages: value = numerator / denominator, no value when the denominator is 0.
/// </summary>
public static class KpiSeriesBuilder
{
    /// <param name="total">The total when it is not the sum of the buckets (distinct users over the whole range).</param>
    public static KpiSeriesResult Build(KpiQuery query, IEnumerable<BucketCounts> buckets, (long Numerator, long Denominator)? total = null)
    {
        var byStart = buckets.ToDictionary(b => b.Start.UtcTicks);
        var step = query.Granularity.Step();
        var points = new List<KpiValue>();
        long totalNumerator = 0, totalDenominator = 0;
        for (var start = query.Granularity.BucketStart(query.From); start < query.To; start += step)
        {
            var counts = byStart.GetValueOrDefault(start.UtcTicks);
            var numerator = counts?.Numerator ?? 0;
            var denominator = counts?.Denominator ?? 0;
            points.Add(Value(query.Kpi, start, numerator, denominator));
            totalNumerator += numerator;
            totalDenominator += denominator;
        }
        if (total is { } t)
        {
            (totalNumerator, totalDenominator) = t;
        }
        return new KpiSeriesResult(query.Kpi, points, Value(query.Kpi, query.From, totalNumerator, totalDenominator));
    }

    public static KpiValue Value(KpiDefinition kpi, DateTimeOffset start, long numerator, long denominator) => kpi.IsQuotient switch
    {
        true when denominator == 0 => new KpiValue(start, false, 0, numerator, 0),
        true when denominator < kpi.MinDenominator => new KpiValue(start, false, 0, numerator, denominator),
        true when kpi.Unit == KpiUnit.Score => new KpiValue(start, true, 100.0 * numerator / denominator, numerator, denominator),
        true => new KpiValue(start, true, (double)numerator / denominator, numerator, denominator),
        false => new KpiValue(start, true, numerator, numerator, 0),
    };

    /// <summary>
    /// A percentile series: each bucket's sketches merged, value = the quantile, numerator = how many durations
    /// (denominator 0), no value when there are none. The total merges every bucket.
    /// </summary>
    public static KpiSeriesResult BuildQuantile(KpiQuery query, IEnumerable<(DateTimeOffset Start, DurationSketch Sketch)> sketches)
    {
        var quantile = query.Kpi.Quantile ?? throw new ArgumentException($"{query.Kpi.Name} is not a percentile KPI", nameof(query));
        var byStart = new Dictionary<long, DurationSketch>();
        foreach (var (start, sketch) in sketches)
        {
            if (byStart.TryGetValue(start.UtcTicks, out var merged))
            {
                merged.Merge(sketch);
            }
            else
            {
                byStart[start.UtcTicks] = new DurationSketch().Merge(sketch);
            }
        }
        var step = query.Granularity.Step();
        var points = new List<KpiValue>();
        var total = new DurationSketch();
        for (var start = query.Granularity.BucketStart(query.From); start < query.To; start += step)
        {
            var sketch = byStart.GetValueOrDefault(start.UtcTicks) ?? new DurationSketch();
            points.Add(QuantileValue(start, sketch, quantile));
            total.Merge(sketch);
        }
        return new KpiSeriesResult(query.Kpi, points, QuantileValue(query.From, total, quantile));
    }

    private static KpiValue QuantileValue(DateTimeOffset start, DurationSketch sketch, double quantile) =>
        sketch.Quantile(quantile) is { } value ? new KpiValue(start, true, value, sketch.Count, 0) : new KpiValue(start, false, 0, 0, 0);
}
