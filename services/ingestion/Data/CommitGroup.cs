using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>One tenant's events of a commit group: each id once, with the keys in the order every transaction takes them.</summary>
public sealed record TenantEvents(string Tenant, IReadOnlyList<ValidatedEvent> Events, IReadOnlySet<Guid> Ids, (Guid Id, DateTimeOffset OccurredAt)[] Keys);

/// <summary>
/// Several requests' events stored in one transaction (group commit). Pure: merges the requests per tenant — an id
/// sent twice within the group belongs to the request that came first, the later one sees it as a duplicate, exactly
/// as if they had been committed one after the other — and hands each request its share of what was stored.
/// </summary>
public sealed class CommitGroup
{
    private readonly string[] _partTenants;
    private readonly List<Guid>[] _owned;

    private CommitGroup(IReadOnlyList<TenantEvents> tenants, string[] partTenants, List<Guid>[] owned)
    {
        Tenants = tenants;
        _partTenants = partTenants;
        _owned = owned;
    }

    /// <summary>By tenant (ordinal order, so concurrent groups take keys in one global order and cannot deadlock).</summary>
    public IReadOnlyList<TenantEvents> Tenants { get; }

    /// <summary>Requests in the group.</summary>
    public int Parts => _owned.Length;

    /// <param name="parts">The requests in arrival order.</param>
    public static CommitGroup Of(IReadOnlyList<(string Tenant, IReadOnlyList<ValidatedEvent> Events)> parts)
    {
        var byTenant = new SortedDictionary<string, (List<ValidatedEvent> Events, HashSet<Guid> Ids)>(StringComparer.Ordinal);
        var owned = new List<Guid>[parts.Count];
        var partTenants = new string[parts.Count];
        for (var p = 0; p < parts.Count; p++)
        {
            var (tenant, events) = parts[p];
            partTenants[p] = tenant;
            owned[p] = new List<Guid>(events.Count);
            if (!byTenant.TryGetValue(tenant, out var merged))
            {
                merged = (new List<ValidatedEvent>(events.Count), new HashSet<Guid>(events.Count));
                byTenant.Add(tenant, merged);
            }
            foreach (var e in events)
            {
                if (merged.Ids.Add(e.EventId))
                {
                    merged.Events.Add(e);
                    owned[p].Add(e.EventId);
                }
            }
        }
        var tenants = byTenant.Select(t => new TenantEvents(t.Key, t.Value.Events, t.Value.Ids, KeyRows.Sorted(t.Value.Events))).ToList();
        return new CommitGroup(tenants, partTenants, owned);
    }

    /// <summary>What each request (in arrival order) stored: its own ids among the ones that were new for its tenant.</summary>
    public IReadOnlySet<Guid>[] Resolve(IReadOnlyDictionary<string, IReadOnlySet<Guid>> newIdsByTenant)
    {
        var results = new IReadOnlySet<Guid>[_owned.Length];
        if (_owned.Length == 1 && newIdsByTenant.TryGetValue(_partTenants[0], out var alone) && alone.Count == _owned[0].Count)
        {
            return [alone];   // one request, every event new: its share is the whole set (the common case)
        }
        for (var p = 0; p < _owned.Length; p++)
        {
            var newIds = newIdsByTenant.TryGetValue(_partTenants[p], out var ids) ? ids : null;
            var stored = new HashSet<Guid>(_owned[p].Count);
            foreach (var id in _owned[p])
            {
                if (newIds is not null && newIds.Contains(id))
                {
                    stored.Add(id);
                }
            }
            results[p] = stored;
        }
        return results;
    }
}
