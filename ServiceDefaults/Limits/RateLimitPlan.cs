using System.Security.Claims;
using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Limits;

/// <summary>One budget a call draws from: which quota (for QuotaFailure), whose (subject) and the limiter partition.</summary>
public sealed record RateLimitBudget(string Quota, string Subject, string PartitionKey, RateLimitRule Rule);

/// <summary>Who a call is counted for: an end user of a tenant.</summary>
public sealed record RateLimitCaller(string Tenant, string Subject);

/// <summary>Decides which budgets a call draws from (pure: no clock, no state).</summary>
public static class RateLimitPlan
{
    /// <summary>
    /// Ingestion's data plane has its own per-tenant events/s limiter (it counts events, not requests): counting its
    /// requests too would double-limit it and cost a lookup per batch on the hottest path.
    /// </summary>
    public static readonly IReadOnlySet<string> Exempt = new HashSet<string>(StringComparer.Ordinal)
    {
        "suite.ingestion.v1.Ingestion/Track",
        "suite.ingestion.v1.Ingestion/TrackBatch",
        "suite.ingestion.v1.Ingestion/Ingest",
    };

    /// <summary>
    /// End users only. The service identity acts for many tenants on behalf of calls that were already counted where
    /// they entered the suite (e.g. GenerateReport, then metrics reads); anonymous calls (health) are never limited
    /// and calls without a valid tenant are refused by the handler anyway.
    /// </summary>
    public static RateLimitCaller? CallerOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.IsInRole(SuiteRoles.Service))
        {
            return null;
        }
        var tenant = user.FindFirst(SuiteClaims.Tenant)?.Value;
        var subject = user.FindFirst(SuiteClaims.Subject)?.Value;
        return TenantContext.IsValidTenant(tenant) && !string.IsNullOrEmpty(subject) ? new RateLimitCaller(tenant!, subject) : null;
    }

    /// <param name="method">The gRPC method as ServerCallContext.Method gives it ("/package.Service/Method").</param>
    public static IReadOnlyList<RateLimitBudget> For(string method, RateLimitCaller? caller, RateLimitOptions options)
    {
        var name = method.TrimStart('/');
        if (!options.Enabled || caller is null || Exempt.Contains(name) || name.StartsWith("grpc.", StringComparison.Ordinal))
        {
            return [];
        }
        var user = $"{caller.Tenant}/{caller.Subject}";
        var budgets = new List<RateLimitBudget>(3)
        {
            new("requests per user", $"user:{user}", $"user|{user}", options.PerUser),
            new("requests per tenant", $"tenant:{caller.Tenant}", $"tenant|{caller.Tenant}", options.PerTenant),
        };
        if (options.EffectiveMethods.TryGetValue(name, out var rule))
        {
            // The narrowest budget first: a refused executive call then does not use up the general ones.
            budgets.Insert(0, new RateLimitBudget($"{name} requests per user", $"user:{user}", $"method|{name}|{user}", rule));
        }
        return budgets;
    }
}
