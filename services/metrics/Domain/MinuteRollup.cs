using Suite.Contracts.Events;

namespace Suite.Metrics.Domain;

/// <summary>Events of one tenant counted per (domain, type, UTC minute).</summary>
public sealed record MinuteCount(string Domain, string Type, DateTimeOffset Minute, long Count);

public static class MinuteRollup
{
    /// <summary>Aggregates in memory so a batch becomes one upsert row per key (a key may appear only once in it).</summary>
    public static IReadOnlyList<MinuteCount> Aggregate(IEnumerable<IngestedEvent> events) =>
        events
            .GroupBy(e => (e.Domain, e.Type, Minute: TruncateToMinute(e.OccurredAt)))
            .Select(g => new MinuteCount(g.Key.Domain, g.Key.Type, g.Key.Minute, g.LongCount()))
            .OrderBy(c => c.Domain, StringComparer.Ordinal)
            .ThenBy(c => c.Type, StringComparer.Ordinal)
            .ThenBy(c => c.Minute)
            .ToList();

    public static DateTimeOffset TruncateToMinute(DateTimeOffset t)
    {
        var ticks = t.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }
}
