using Suite.Contracts.Events;

namespace Suite.Metrics.Domain;

/// <summary>One user event kept for funnels (user_events).</summary>
public sealed record UserEvent(Guid EventId, string UserId, string Domain, string Type, DateTimeOffset OccurredAt);

/// <summary>What a batch adds to the per-user activity store: first-seen times and the compact event log.</summary>
public static class UserActivity
{
    /// <summary>Earliest event time per user in the batch (signup = first event of any kind), ordered by user.</summary>
    public static IReadOnlyList<(string UserId, DateTimeOffset FirstSeen)> FirstSeen(IEnumerable<IngestedEvent> events) =>
        events
            .Where(e => !string.IsNullOrEmpty(e.UserId))
            .GroupBy(e => e.UserId!, StringComparer.Ordinal)
            .Select(g => (UserId: g.Key, FirstSeen: g.Min(e => e.OccurredAt.ToUniversalTime())))
            .OrderBy(x => x.UserId, StringComparer.Ordinal)
            .ToList();

    /// <summary>The batch's events that carry a user, one per event id, ordered by id (stable lock order).</summary>
    public static IReadOnlyList<UserEvent> Events(IEnumerable<IngestedEvent> events) =>
        events
            .Where(e => !string.IsNullOrEmpty(e.UserId))
            .DistinctBy(e => e.EventId)
            .Select(e => new UserEvent(e.EventId, e.UserId!, e.Domain, e.Type, e.OccurredAt.ToUniversalTime()))
            .OrderBy(e => e.EventId)
            .ToList();
}
