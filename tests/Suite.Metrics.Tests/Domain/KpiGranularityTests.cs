using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class KpiGranularityTests
{
    [Theory]
    [InlineData(KpiGranularity.Minute, "2025-06-15T10:17:42.5Z", "2025-06-15T10:17:00Z")]
    [InlineData(KpiGranularity.Hour, "2025-06-15T10:17:42Z", "2025-06-15T10:00:00Z")]
    [InlineData(KpiGranularity.Day, "2025-06-15T10:17:42Z", "2025-06-15T00:00:00Z")]
    [InlineData(KpiGranularity.Day, "2025-06-15T01:30:00+02:00", "2025-06-14T00:00:00Z")] // 23:30 UTC the day before
    [InlineData(KpiGranularity.Hour, "2025-06-15T10:00:00Z", "2025-06-15T10:00:00Z")]
    public void Buckets_start_on_utc_boundaries(KpiGranularity g, string t, string expected)
    {
        var start = g.BucketStart(DateTimeOffset.Parse(t));
        Assert.Equal(DateTimeOffset.Parse(expected), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Theory]
    [InlineData(KpiGranularity.Minute, "2025-06-15T10:00:00Z", "2025-06-15T11:00:00Z", 60)]
    [InlineData(KpiGranularity.Minute, "2025-06-15T10:00:30Z", "2025-06-15T10:02:00Z", 2)]
    [InlineData(KpiGranularity.Minute, "2025-06-15T10:00:30Z", "2025-06-15T10:02:01Z", 3)]
    [InlineData(KpiGranularity.Hour, "2025-06-15T10:30:00Z", "2025-06-15T11:00:00Z", 1)]
    [InlineData(KpiGranularity.Hour, "2025-06-15T00:00:00Z", "2025-06-16T00:00:00Z", 24)]
    [InlineData(KpiGranularity.Day, "2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z", 30)]
    [InlineData(KpiGranularity.Day, "2025-06-01T00:00:00Z", "2025-06-01T00:00:00Z", 0)]
    public void Counts_the_buckets_covering_a_range(KpiGranularity g, string from, string to, long expected)
    {
        Assert.Equal(expected, g.BucketCount(DateTimeOffset.Parse(from), DateTimeOffset.Parse(to)));
    }

    [Theory]
    [InlineData(KpiGranularity.Minute, "minute")]
    [InlineData(KpiGranularity.Hour, "hour")]
    [InlineData(KpiGranularity.Day, "day")]
    public void Names_the_date_trunc_unit(KpiGranularity g, string unit) => Assert.Equal(unit, g.SqlUnit());
}
