using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Data;

/// <summary>Counters of one tenant, as increments since the last flush (or as totals once read back).</summary>
public sealed class TenantStats
{
    public long Accepted { get; set; }
    public long Duplicates { get; set; }
    public long Rejected { get; set; }
    public long RateLimitedRequests { get; set; }
    public Dictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> RedactionsByKind { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset? LastReceivedAt { get; set; }
    public DateTimeOffset? LastOccurredAt { get; set; }

    public void Add(TenantStats other)
    {
        Accepted += other.Accepted;
        Duplicates += other.Duplicates;
        Rejected += other.Rejected;
        RateLimitedRequests += other.RateLimitedRequests;
        foreach (var (reason, n) in other.RejectedByReason)
        {
            RejectedByReason[reason] = RejectedByReason.GetValueOrDefault(reason) + n;
        }
        foreach (var (kind, n) in other.RedactionsByKind)
        {
            RedactionsByKind[kind] = RedactionsByKind.GetValueOrDefault(kind) + n;
        }
        LastReceivedAt = Max(LastReceivedAt, other.LastReceivedAt);
        LastOccurredAt = Max(LastOccurredAt, other.LastOccurredAt);
    }

    public TenantStats Copy()
    {
        var copy = new TenantStats();
        copy.Add(this);
        return copy;
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}

/// <summary>
/// Write-behind buffer for the per-tenant counters: requests add to memory (one short lock per batch), and
/// Jobs/StatsFlushJob adds the increments to the database about once a second. Keeping the counters out of the
/// batch transaction means concurrent batches of a tenant never queue on its counter row; the price is that a
/// crash loses up to a second of counts (counts only: the events themselves are committed before the ack).
/// </summary>
public sealed class StatsBuffer
{
    private readonly Lock _gate = new();
    private Dictionary<string, TenantStats> _pending = new(StringComparer.Ordinal);

    /// <summary>Held while a flush or a read is in progress, so a read sees every count exactly once.</summary>
    public SemaphoreSlim FlushLock { get; } = new(1, 1);

    public void Record(string tenant, IReadOnlyList<EventOutcome> outcomes, DateTimeOffset receivedAt, DateTimeOffset? lastOccurredAt)
    {
        lock (_gate)
        {
            var s = For(tenant);
            foreach (var o in outcomes)
            {
                switch (o.Kind)
                {
                    case OutcomeKind.Accepted:
                        s.Accepted++;
                        if (o.Redactions is { } redactions)
                        {
                            foreach (var r in redactions)
                            {
                                var kind = r.Kind.Name();
                                s.RedactionsByKind[kind] = s.RedactionsByKind.GetValueOrDefault(kind) + 1;
                            }
                        }
                        break;
                    case OutcomeKind.Duplicate:
                        s.Duplicates++;
                        break;
                    default:
                        s.Rejected++;
                        var reason = o.Code ?? o.Field ?? "unknown";
                        s.RejectedByReason[reason] = s.RejectedByReason.GetValueOrDefault(reason) + 1;
                        break;
                }
            }
            if (lastOccurredAt is not null)
            {
                s.LastReceivedAt = s.LastReceivedAt is { } r && r > receivedAt ? r : receivedAt;
                s.LastOccurredAt = s.LastOccurredAt is { } o && o > lastOccurredAt ? o : lastOccurredAt;
            }
        }
    }

    public void RecordRateLimited(string tenant)
    {
        lock (_gate)
        {
            For(tenant).RateLimitedRequests++;
        }
    }

    /// <summary>The increments so far, leaving the buffer empty.</summary>
    public Dictionary<string, TenantStats> Take()
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = new Dictionary<string, TenantStats>(StringComparer.Ordinal);
            return taken;
        }
    }

    /// <summary>Puts back increments whose flush failed.</summary>
    public void Restore(Dictionary<string, TenantStats> increments)
    {
        lock (_gate)
        {
            foreach (var (tenant, s) in increments)
            {
                For(tenant).Add(s);
            }
        }
    }

    /// <summary>A copy of the tenant's unflushed increments (null when none).</summary>
    public TenantStats? Peek(string tenant)
    {
        lock (_gate)
        {
            return _pending.TryGetValue(tenant, out var s) ? s.Copy() : null;
        }
    }

    private TenantStats For(string tenant)
    {
        if (!_pending.TryGetValue(tenant, out var s))
        {
            _pending[tenant] = s = new TenantStats();
        }
        return s;
    }
}
