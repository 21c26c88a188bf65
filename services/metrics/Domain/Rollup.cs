using Suite.Contracts.Events;

namespace Suite.Metrics.Domain;

/// <summary>The key of one rollup row: what happened, in which bucket, with which dimensions ('' = not given).</summary>
public sealed record RollupKey(string Domain, string Type, DateTimeOffset Bucket, string Country, string Provider, string ServiceCode, string Status);

/// <summary>
/// Aggregates of the events under one key: count, sum of amount_minor, and duration count/sum/min/max
/// (min/max null when no event carried a duration).
/// </summary>
public sealed record RollupRow(RollupKey Key, long Count, long AmountSum, long DurationCount, long DurationSum, long? DurationMin, long? DurationMax);

public static class Rollup
{
    /// <summary>
    /// One row per key for a batch at a granularity (a key may appear only once in an upsert), ordered by key so
    /// concurrent consumers lock rows in the same order.
    /// </summary>
    public static IReadOnlyList<RollupRow> Aggregate(IEnumerable<IngestedEvent> events, KpiGranularity granularity) =>
        events
            .GroupBy(e => KeyOf(e, granularity))
            .Select(g =>
            {
                var durations = g.Where(e => e.DurationMs is not null).Select(e => e.DurationMs!.Value).ToList();
                return new RollupRow(g.Key, g.LongCount(), g.Sum(e => e.AmountMinor ?? 0),
                    durations.Count, durations.Sum(), durations.Count == 0 ? null : durations.Min(), durations.Count == 0 ? null : durations.Max());
            })
            .OrderBy(r => r.Key.Domain, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Type, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Bucket)
            .ThenBy(r => r.Key.Country, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Provider, StringComparer.Ordinal)
            .ThenBy(r => r.Key.ServiceCode, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Status, StringComparer.Ordinal)
            .ToList();

    /// <summary>The duration sketch (JSON, see <see cref="DurationSketch.ToJson"/>) of each key whose events carried a duration.</summary>
    public static IReadOnlyDictionary<RollupKey, string> DurationSketches(IEnumerable<IngestedEvent> events, KpiGranularity granularity) =>
        events
            .Where(e => e.DurationMs is not null)
            .GroupBy(e => KeyOf(e, granularity))
            .ToDictionary(g => g.Key, g => DurationSketch.Of(g.Select(e => e.DurationMs!.Value)).ToJson());

    /// <summary>The duration sketch (JSON) per (domain, type, bucket), dimensions merged, in key order.</summary>
    public static IReadOnlyList<(string Domain, string Type, DateTimeOffset Bucket, string Sketch)> TypeSketches(IEnumerable<IngestedEvent> events, KpiGranularity granularity) =>
        events
            .Where(e => e.DurationMs is not null)
            .GroupBy(e => (e.Domain, e.Type, Bucket: granularity.BucketStart(e.OccurredAt)))
            .OrderBy(g => g.Key.Domain, StringComparer.Ordinal).ThenBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Bucket)
            .Select(g => (g.Key.Domain, g.Key.Type, g.Key.Bucket, DurationSketch.Of(g.Select(e => e.DurationMs!.Value)).ToJson()))
            .ToList();

    private static RollupKey KeyOf(IngestedEvent e, KpiGranularity granularity) =>
        new(e.Domain, e.Type, granularity.BucketStart(e.OccurredAt), e.CountryCode ?? "", e.Provider ?? "", e.ServiceCode ?? "", e.Status ?? "");

    /// <summary>The (UTC day, user) pairs of a batch, distinct and ordered; events without a user are skipped.</summary>
    public static IReadOnlyList<(DateOnly Day, string UserId)> ActiveUsers(IEnumerable<IngestedEvent> events) =>
        events
            .Where(e => !string.IsNullOrEmpty(e.UserId))
            .Select(e => (Day: DateOnly.FromDateTime(e.OccurredAt.UtcDateTime), UserId: e.UserId!))
            .Distinct()
            .OrderBy(x => x.Day)
            .ThenBy(x => x.UserId, StringComparer.Ordinal)
            .ToList();
}
