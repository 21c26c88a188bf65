using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>event_keys rows (tenant, event_id, occurred_at) in binary COPY format, in one fixed order.</summary>
internal static class KeyRows
{
    public const string CopyCommand = "copy event_keys (tenant, event_id, occurred_at) from stdin (format binary)";

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

    public static PooledBuffer Encode(string tenant, (Guid Id, DateTimeOffset OccurredAt)[] keys)
    {
        var rows = PooledBuffer.ForCopy(keys.Length * (tenant.Length + 40) + 64);
        foreach (var (id, occurredAt) in keys)
        {
            rows.StartRow(3);
            rows.Text(tenant);
            rows.Uuid(id);
            rows.TimestampTz(occurredAt);
        }
        rows.Finish();
        return rows;
    }
}
