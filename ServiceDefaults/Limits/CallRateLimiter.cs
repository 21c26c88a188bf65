using System.Threading.RateLimiting;

namespace Suite.ServiceDefaults.Limits;

/// <summary>The outcome of drawing from a call's budgets: allowed, or the budget that ran out and when to retry.</summary>
public sealed record RateLimitDecision(RateLimitBudget? Exhausted, TimeSpan RetryAfter)
{
    public static readonly RateLimitDecision Allowed = new(null, TimeSpan.Zero);

    public bool IsAllowed => Exhausted is null;
}

/// <summary>
/// Fixed-window limiters partitioned by budget (System.Threading.RateLimiting): the partitioned limiter replenishes
/// the windows from one timer and drops idle partitions, so memory follows the active users, not all users ever seen.
/// </summary>
public sealed class CallRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<RateLimitBudget> _limiter = PartitionedRateLimiter.Create<RateLimitBudget, string>(budget =>
        RateLimitPartition.GetFixedWindowLimiter(budget.PartitionKey, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = budget.Rule.Permits,
            Window = budget.Rule.Window,
            QueueLimit = 0,
            AutoReplenishment = false,   // the partitioned limiter's timer replenishes (no timer per partition)
        }));

    /// <summary>Takes one permit from each budget; stops at the first that is exhausted.</summary>
    public RateLimitDecision Acquire(IReadOnlyList<RateLimitBudget> budgets)
    {
        foreach (var budget in budgets)
        {
            using var lease = _limiter.AttemptAcquire(budget);
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : budget.Rule.Window;
                return new RateLimitDecision(budget, retryAfter);
            }
        }
        return RateLimitDecision.Allowed;
    }

    public void Dispose() => _limiter.Dispose();
}
