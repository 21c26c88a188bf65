using Microsoft.Extensions.Time.Testing;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Domain;

public class RetentionPlanTests
{
    private static readonly string[] Partitions =
    [
        "events_raw_p202412", "events_raw_p202501", "events_raw_p202502", "events_raw_p202503", "events_raw_p202504",
        "events_raw_p202505", "events_raw_p202506", "events_raw_p202507", "events_raw_p202508",
        "events_raw_default", "events_raw_p2025", "other_table", "events_raw_p202513",
    ];

    /// <summary>now, retention days → the partitions dropped and the keys cut-off (start of the oldest kept month).</summary>
    [Theory]
    // 90 days before 2025-06-15 is 2025-03-17: March must stay (it still holds events within retention).
    [InlineData("2025-06-15T12:00:00Z", 90, "events_raw_p202412,events_raw_p202501,events_raw_p202502", "2025-03-01")]
    // On the first of a month, the month that just left the window goes.
    [InlineData("2025-06-30T00:00:00Z", 90, "events_raw_p202412,events_raw_p202501,events_raw_p202502,events_raw_p202503", "2025-04-01")]
    // A short retention never drops the previous month: the maintenance job keeps it, so no drop/create flapping.
    [InlineData("2025-06-15T12:00:00Z", 1, "events_raw_p202412,events_raw_p202501,events_raw_p202502,events_raw_p202503,events_raw_p202504", "2025-05-01")]
    // A long retention keeps everything.
    [InlineData("2025-06-15T12:00:00Z", 365, "", "2024-06-01")]
    // Across the year boundary.
    [InlineData("2025-03-05T08:00:00Z", 60, "events_raw_p202412", "2025-01-01")]
    public void Drops_the_months_that_ended_before_the_retention_window(string now, int retentionDays, string dropped, string keysBefore)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(now));
        var policy = new IngestionPolicy(TimeSpan.FromDays(retentionDays), TimeSpan.FromHours(1));

        var decision = RetentionPlan.Decide(Partitions.Reverse(), clock.GetUtcNow(), policy);

        Assert.Equal(dropped, string.Join(",", decision.Drop));
        Assert.Equal(DateTimeOffset.Parse(keysBefore + "T00:00:00Z"), decision.KeysBefore);
    }

    [Fact]
    public void Never_drops_a_partition_the_maintenance_window_needs()
    {
        var policy = new IngestionPolicy(TimeSpan.FromDays(30), TimeSpan.FromHours(1));
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        for (var day = 0; day < 800; day++, clock.Advance(TimeSpan.FromDays(1)))
        {
            var now = clock.GetUtcNow();
            var (from, _) = PartitionWindow.For(now, policy);
            var months = Enumerable.Range(-30, 40).Select(m => new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(m));
            var decision = RetentionPlan.Decide(months.Select(m => $"events_raw_p{m:yyyyMM}"), now, policy);

            // Every dropped month ends before the window starts, and before now - retention.
            Assert.All(decision.Drop, name => Assert.True(RetentionPlan.MonthOf(name)!.Value.AddMonths(1) <= from));
            Assert.All(decision.Drop, name => Assert.True(RetentionPlan.MonthOf(name)!.Value.AddMonths(1) <= now - policy.Retention));
            // The month holding now - retention is kept.
            var oldest = now - policy.Retention;
            Assert.DoesNotContain($"events_raw_p{oldest:yyyyMM}", decision.Drop);
        }
    }

    [Theory]
    [InlineData("events_raw_p202501", "2025-01-01")]
    [InlineData("events_raw_p199912", "1999-12-01")]
    [InlineData("events_raw_p202513", null)]
    [InlineData("events_raw_default", null)]
    [InlineData("events_raw_p2025011", null)]
    [InlineData("x_events_raw_p202501", null)]
    public void Parses_partition_names(string name, string? month)
    {
        Assert.Equal(month is null ? null : DateTimeOffset.Parse(month + "T00:00:00Z"), RetentionPlan.MonthOf(name));
    }
}
