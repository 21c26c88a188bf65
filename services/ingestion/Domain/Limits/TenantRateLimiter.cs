using System.Collections.Concurrent;

namespace Suite.Ingestion.Domain.Limits;

/// <summary>One token bucket per tenant, created on first use from the tenant's configured limit.</summary>
public sealed class TenantRateLimiter(TenantPolicies policies, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly long _origin = clock.GetTimestamp();

    /// <returns>null when the tenant may send <paramref name="events"/> events now; otherwise when to retry.</returns>
    public TimeSpan? TryAcquire(string tenant, int events)
    {
        var now = clock.GetElapsedTime(_origin);
        var bucket = _buckets.GetOrAdd(tenant, static (t, state) => new TokenBucket(state.policies.RateLimitFor(t), state.now), (policies, now));
        lock (bucket)
        {
            return bucket.TryTake(events, now);
        }
    }
}
