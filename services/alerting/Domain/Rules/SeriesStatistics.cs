namespace Suite.Alerting.Domain.Rules;

/// <summary>The few statistics the anomaly kinds need, with their conventions stated once.</summary>
public static class SeriesStatistics
{
    public static double Mean(IReadOnlyList<double> values)
    {
        RequireSome(values);
        return AllEqual(values) ? values[0] : values.Sum() / values.Count;
    }

    /// <summary>
    /// Population standard deviation (divides by n, as Prometheus' <c>stddev_over_time</c>). Exactly 0 when all
    /// values are equal: summing 0.1 three times is not 0.3, and a rounding residue must not pass for spread.
    /// </summary>
    public static double PopulationStdDev(IReadOnlyList<double> values)
    {
        RequireSome(values);
        if (AllEqual(values))
        {
            return 0;
        }
        var mean = values.Sum() / values.Count;
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / values.Count);
    }

    /// <summary>
    /// Quantile by linear interpolation between order statistics (Hyndman &amp; Fan type 7: R's default, numpy's
    /// "linear"): h = (n − 1)·p on the sorted values, Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]), 0-based.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> values, double p)
    {
        RequireSome(values);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile lies in [0, 1]");
        }
        var sorted = values.Order().ToArray();
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static bool AllEqual(IReadOnlyList<double> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] != values[0])
            {
                return false;
            }
        }
        return true;
    }

    private static void RequireSome(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("at least one value is needed", nameof(values));
        }
    }
}
