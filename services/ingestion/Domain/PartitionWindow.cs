namespace Suite.Ingestion.Domain;

/// <summary>
/// Which monthly partitions must exist at <c>now</c>: from the previous month (or further back, as far as the
/// retention lets old events in) up to two months ahead, so that no accepted event ever lacks a partition even if
/// the daily job misses a few runs.
/// </summary>
public static class PartitionWindow
{
    public const int MonthsAhead = 2;
    public const int MonthsBack = 1;

    public static (DateTimeOffset From, DateTimeOffset To) For(DateTimeOffset now, IngestionPolicy policy)
    {
        var utc = now.ToUniversalTime();
        var month = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var back = month.AddMonths(-MonthsBack);
        var oldestAccepted = utc - policy.Retention;
        var from = oldestAccepted < back ? oldestAccepted : back;
        var to = (now + policy.MaxFuture) > month.AddMonths(MonthsAhead) ? now + policy.MaxFuture : month.AddMonths(MonthsAhead);
        return (from, to);
    }
}
