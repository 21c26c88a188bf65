using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class KpiSeriesBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private static KpiQuery Query(string kpi, DateTimeOffset from, DateTimeOffset to, KpiGranularity g)
    {
        var definition = KpiCatalog.Find(kpi)!;
        var (num, den) = definition.Resolve(new Dictionary<string, string>());
        return new KpiQuery(definition, from, to, g, num, den);
    }

    [Fact]
    public void Counts_fill_every_bucket_and_sum_to_the_total()
    {
        var q = Query("logins", T0, T0.AddHours(4), KpiGranularity.Hour);
        var result = KpiSeriesBuilder.Build(q, [new BucketCounts(T0.AddHours(1), 5, 0), new BucketCounts(T0.AddHours(3), 2, 0)]);

        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2), T0.AddHours(3)], result.Points.Select(p => p.Start));
        Assert.Equal([0d, 5, 0, 2], result.Points.Select(p => p.Value));
        Assert.Equal([0L, 5, 0, 2], result.Points.Select(p => p.Numerator));
        Assert.All(result.Points, p => { Assert.True(p.HasValue); Assert.Equal(0, p.Denominator); });
        Assert.Equal(new KpiValue(T0, true, 7, 7, 0), result.Total);
    }

    [Fact]
    public void Ratios_have_no_value_where_the_denominator_is_zero()
    {
        var q = Query("login_success_rate", T0, T0.AddMinutes(3), KpiGranularity.Minute);
        var result = KpiSeriesBuilder.Build(q,
        [
            new BucketCounts(T0, 3, 4),
            new BucketCounts(T0.AddMinutes(2), 0, 2),
        ]);

        Assert.Equal(new KpiValue(T0, true, 0.75, 3, 4), result.Points[0]);
        Assert.Equal(new KpiValue(T0.AddMinutes(1), false, 0, 0, 0), result.Points[1]);
        Assert.Equal(new KpiValue(T0.AddMinutes(2), true, 0, 0, 2), result.Points[2]);
        Assert.Equal(new KpiValue(T0, true, 0.5, 3, 6), result.Total);
    }

    [Fact]
    public void A_ratio_over_an_empty_range_has_no_total()
    {
        // 10:00 on day 1 to 10:00 on day 3 touches three UTC days.
        var q = Query("quote_conversion_rate", T0, T0.AddDays(2), KpiGranularity.Day);
        var result = KpiSeriesBuilder.Build(q, []);
        Assert.Equal(3, result.Points.Count);
        Assert.All(result.Points, p => Assert.False(p.HasValue));
        Assert.False(result.Total.HasValue);
    }

    [Fact]
    public void The_first_bucket_starts_at_or_before_from()
    {
        var q = Query("events_count", T0.AddMinutes(30), T0.AddHours(2).AddMinutes(1), KpiGranularity.Hour);
        var result = KpiSeriesBuilder.Build(q, [new BucketCounts(T0, 1, 0)]);

        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2)], result.Points.Select(p => p.Start));
        Assert.Equal(1, result.Points[0].Numerator);
        Assert.Equal(T0.AddMinutes(30), result.Total.Start);
    }

    [Theory]
    [InlineData(1, 1, 1.0)]
    [InlineData(1, 3, 1.0 / 3)]
    [InlineData(3, 2, 1.5)]   // quote conversion can exceed 1 in a bucket
    public void Ratio_value_is_numerator_over_denominator(long num, long den, double expected)
    {
        var v = KpiSeriesBuilder.Value(KpiCatalog.Find("quote_conversion_rate")!, T0, num, den);
        Assert.True(v.HasValue);
        Assert.Equal(expected, v.Value, 12);
    }
}
