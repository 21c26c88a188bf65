using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>The idempotency keys of a request (event_id, occurred_at), in one fixed order.</summary>
internal static class KeyRows
{
    /// <summary>The keys sorted by id: every transaction takes its keys in this order, so none can deadlock another.</summary>
    public static (Guid Id, DateTimeOffset OccurredAt)[] Sorted(IReadOnlyList<ValidatedEvent> events)
    {
        var keys = new (Guid Id, DateTimeOffset OccurredAt)[events.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (events[i].EventId, events[i].OccurredAt);
        }
        Array.Sort(keys, static (a, b) => a.Id.CompareTo(b.Id));
        return keys;
    }
}
