using System.Globalization;

namespace Suite.Ingestion.Domain;

/// <summary>What the retention job removes.</summary>
/// <param name="Drop">Partitions to drop, oldest first.</param>
/// <param name="KeysBefore">Idempotency keys with an occurred_at before this have no events left: the start of the
/// oldest month that is kept. Keys therefore live at least as long as their events.</param>
public sealed record RetentionDecision(IReadOnlyList<string> Drop, DateTimeOffset KeysBefore);

/// <summary>
/// Which monthly partitions of events_raw are past retention: those whose whole month ends at or before the start
/// of the partition window (<see cref="PartitionWindow"/>, never later than now − retention). Validation refuses
/// events older than the retention, so nothing can arrive for them any more; and the maintenance job never creates
/// them again, so a partition is never dropped and re-created in turn.
/// </summary>
public static class RetentionPlan
{
    public const string PartitionPrefix = "events_raw_p";

    public static RetentionDecision Decide(IEnumerable<string> partitions, DateTimeOffset now, IngestionPolicy policy)
    {
        var keepFrom = PartitionWindow.For(now, policy).From.ToUniversalTime();
        var oldestKeptMonth = new DateTimeOffset(keepFrom.Year, keepFrom.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var drop = partitions
            .Select(name => (Name: name, Month: MonthOf(name)))
            .Where(p => p.Month is { } month && month.AddMonths(1) <= oldestKeptMonth)
            .OrderBy(p => p.Month)
            .Select(p => p.Name)
            .ToList();
        return new RetentionDecision(drop, oldestKeptMonth);
    }

    /// <returns>The first instant of the month a partition holds, or null when the name is not events_raw_pYYYYMM.</returns>
    public static DateTimeOffset? MonthOf(string partition)
    {
        if (!partition.StartsWith(PartitionPrefix, StringComparison.Ordinal) || partition.Length != PartitionPrefix.Length + 6
            || !DateTime.TryParseExact(partition.AsSpan(PartitionPrefix.Length), "yyyyMM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var month))
        {
            return null;
        }
        return new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
