using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class RollupTableTests
{
    [Theory]
    // granularity, from, to, expected table
    [InlineData(KpiGranularity.Day, "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z", KpiGranularity.Day)]
    [InlineData(KpiGranularity.Day, "2025-03-01T10:00:00Z", "2025-03-05T00:00:00Z", KpiGranularity.Hour)]
    [InlineData(KpiGranularity.Day, "2025-03-01T10:05:00Z", "2025-03-05T00:00:00Z", KpiGranularity.Minute)]
    [InlineData(KpiGranularity.Day, "2025-03-01T00:00:00Z", "2025-03-05T00:30:00Z", KpiGranularity.Minute)]
    [InlineData(KpiGranularity.Hour, "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z", KpiGranularity.Hour)]
    [InlineData(KpiGranularity.Hour, "2025-03-01T03:00:00Z", "2025-03-01T09:00:00Z", KpiGranularity.Hour)]
    [InlineData(KpiGranularity.Hour, "2025-03-01T03:00:00Z", "2025-03-01T09:10:00Z", KpiGranularity.Minute)]
    [InlineData(KpiGranularity.Minute, "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", KpiGranularity.Minute)]
    [InlineData(KpiGranularity.Minute, "2025-03-01T00:00:30Z", "2025-03-01T00:10:00Z", KpiGranularity.Minute)]
    public void Picks_the_coarsest_table_that_keeps_the_range_exact(KpiGranularity g, string from, string to, KpiGranularity expected)
    {
        Assert.Equal(expected, RollupTable.Choose(g, DateTimeOffset.Parse(from), DateTimeOffset.Parse(to)));
    }

    [Fact]
    public void Each_granularity_has_its_own_table()
    {
        Assert.Equal(["rollup_minute", "rollup_hour", "rollup_day"], RollupTable.All.Select(RollupTable.NameOf));
    }
}
