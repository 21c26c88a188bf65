namespace Suite.Metrics.Domain;

/// <summary>Bucket width of a KPI series. Buckets are aligned to UTC minute/hour/day boundaries.</summary>
public enum KpiGranularity
{
    Minute,
    Hour,
    Day,
}

public static class KpiGranularityExtensions
{
    public static TimeSpan Step(this KpiGranularity g) => g switch
    {
        KpiGranularity.Minute => TimeSpan.FromMinutes(1),
        KpiGranularity.Hour => TimeSpan.FromHours(1),
        KpiGranularity.Day => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, null),
    };

    /// <summary>The start of the UTC bucket holding <paramref name="t"/> (tick 0 is a UTC midnight).</summary>
    public static DateTimeOffset BucketStart(this KpiGranularity g, DateTimeOffset t)
    {
        var ticks = t.UtcTicks;
        return new DateTimeOffset(ticks - ticks % g.Step().Ticks, TimeSpan.Zero);
    }

    /// <summary>How many buckets cover [from, to): the first starts at or before from.</summary>
    public static long BucketCount(this KpiGranularity g, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return 0;
        }
        var span = to.UtcTicks - g.BucketStart(from).UtcTicks;
        var step = g.Step().Ticks;
        return (span + step - 1) / step;
    }

    /// <summary>The unit name PostgreSQL's date_trunc understands.</summary>
    public static string SqlUnit(this KpiGranularity g) => g switch
    {
        KpiGranularity.Minute => "minute",
        KpiGranularity.Hour => "hour",
        KpiGranularity.Day => "day",
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, null),
    };
}
