using Suite.Contracts.Events;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class RollupTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private static IngestedEvent E(string domain, string type, DateTimeOffset at, string? country = null, long? amount = null, long? duration = null, string? user = null) =>
        new(Guid.NewGuid(), domain, type, at, user, null, null, country, null, null, amount, null, duration);

    private static RollupKey K(string domain, string type, DateTimeOffset bucket, string country = "") => new(domain, type, bucket, country, "", "", "");

    [Fact]
    public void Counts_per_domain_type_and_minute()
    {
        var rows = Rollup.Aggregate(
        [
            E("auth", "LOGIN", T0.AddSeconds(1)),
            E("auth", "LOGIN", T0.AddSeconds(59.999)),
            E("auth", "LOGIN", T0.AddMinutes(1)),
            E("auth", "LOGIN_FAILED", T0.AddSeconds(30)),
            E("orders", "ORDER_PLACED", new DateTimeOffset(2025, 6, 15, 12, 0, 10, TimeSpan.FromHours(2))), // 10:00:10Z
        ], KpiGranularity.Minute);

        Assert.Equal(
            [
                new RollupRow(K("auth", "LOGIN", T0), 2, 0, 0, 0, null, null),
                new RollupRow(K("auth", "LOGIN", T0.AddMinutes(1)), 1, 0, 0, 0, null, null),
                new RollupRow(K("auth", "LOGIN_FAILED", T0), 1, 0, 0, 0, null, null),
                new RollupRow(K("orders", "ORDER_PLACED", T0), 1, 0, 0, 0, null, null),
            ],
            rows);
        Assert.All(rows, c => Assert.Equal(TimeSpan.Zero, c.Key.Bucket.Offset));
    }

    [Theory]
    [InlineData(KpiGranularity.Minute, 3)]
    [InlineData(KpiGranularity.Hour, 2)]
    [InlineData(KpiGranularity.Day, 1)]
    public void Sums_amounts_and_durations_per_bucket_and_dimension(KpiGranularity g, int buckets)
    {
        var rows = Rollup.Aggregate(
        [
            E("payments", "PAYMENT_SUCCEEDED", T0, "DE", amount: 100, duration: 30),
            E("payments", "PAYMENT_SUCCEEDED", T0.AddMinutes(5), "DE", amount: 50, duration: 10),
            E("payments", "PAYMENT_SUCCEEDED", T0.AddHours(1), "DE", amount: 7),
            E("payments", "PAYMENT_SUCCEEDED", T0, "US", amount: 1, duration: 99),
        ], g);

        var de = rows.Where(r => r.Key.Country == "DE").ToList();
        Assert.Equal(buckets, de.Count);
        Assert.Equal((3L, 157L, 2L, 40L), (de.Sum(r => r.Count), de.Sum(r => r.AmountSum), de.Sum(r => r.DurationCount), de.Sum(r => r.DurationSum)));
        Assert.Equal(10, de.Min(r => r.DurationMin));
        Assert.Equal(30, de.Max(r => r.DurationMax));
        var us = Assert.Single(rows, r => r.Key.Country == "US");
        Assert.Equal(new RollupRow(new RollupKey("payments", "PAYMENT_SUCCEEDED", g.BucketStart(T0), "US", "", "", ""), 1, 1, 1, 99, 99, 99), us);
    }

    [Fact]
    public void An_event_without_a_duration_leaves_min_and_max_empty()
    {
        var row = Assert.Single(Rollup.Aggregate([E("auth", "LOGIN", T0)], KpiGranularity.Hour));
        Assert.Equal((0L, (long?)null, (long?)null), (row.DurationCount, row.DurationMin, row.DurationMax));
    }

    [Fact]
    public void Active_users_are_distinct_per_utc_day_and_skip_anonymous_events()
    {
        var users = Rollup.ActiveUsers(
        [
            E("auth", "LOGIN", T0, user: "b"),
            E("auth", "LOGIN", T0.AddHours(1), user: "b"),
            E("auth", "LOGIN", T0, user: "a"),
            E("auth", "LOGIN", T0.AddDays(1), user: "b"),
            E("auth", "LOGIN", new DateTimeOffset(2025, 6, 16, 1, 0, 0, TimeSpan.FromHours(3)), user: "c"), // 15th 22:00Z
            E("auth", "LOGIN", T0, user: null),
            E("auth", "LOGIN", T0, user: ""),
        ]);
        var d15 = new DateOnly(2025, 6, 15);
        Assert.Equal([(d15, "a"), (d15, "b"), (d15, "c"), (d15.AddDays(1), "b")], users);
    }

    [Fact]
    public void An_empty_batch_has_no_rows() => Assert.Empty(Rollup.Aggregate([], KpiGranularity.Minute));
}
