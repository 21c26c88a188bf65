using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Domain;

public class PartitionWindowTests
{
    [Theory]
    // now, retention days, expected from, expected to (month starts that must be covered)
    [InlineData("2025-06-15T12:00:00Z", 10, "2025-05-01", "2025-08-01")]   // short retention: previous month
    [InlineData("2025-06-15T12:00:00Z", 90, "2025-03-17", "2025-08-01")]   // retention reaches further back
    [InlineData("2025-01-03T00:00:00Z", 1, "2024-12-01", "2025-03-01")]    // across the year boundary
    [InlineData("2025-12-31T23:59:59Z", 1, "2025-11-01", "2026-02-01")]
    public void Covers_the_accepted_window_and_months_ahead(string now, int retentionDays, string from, string to)
    {
        var policy = new IngestionPolicy(TimeSpan.FromDays(retentionDays), TimeSpan.FromHours(1));
        var (f, t) = PartitionWindow.For(DateTimeOffset.Parse(now), policy);

        Assert.Equal(DateOnly.Parse(from), DateOnly.FromDateTime(f.UtcDateTime));
        Assert.Equal(DateOnly.Parse(to), DateOnly.FromDateTime(t.UtcDateTime));
    }
}
