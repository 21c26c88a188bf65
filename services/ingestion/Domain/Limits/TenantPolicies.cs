using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Domain.Limits;

/// <summary>Per-tenant settings with a default: rate limit and privacy mode (Ingestion:RateLimit, Ingestion:Privacy).</summary>
public sealed class TenantPolicies(
    RateLimit defaultRate,
    IReadOnlyDictionary<string, RateLimit> rates,
    PrivacyMode defaultPrivacy,
    IReadOnlyDictionary<string, PrivacyMode> privacy)
{
    public static readonly TenantPolicies Default = new(
        new RateLimit(20_000, 40_000), new Dictionary<string, RateLimit>(), PrivacyMode.Redact, new Dictionary<string, PrivacyMode>());

    public RateLimit RateLimitFor(string tenant) => rates.TryGetValue(tenant, out var r) ? r : defaultRate;

    public PrivacyMode PrivacyFor(string tenant) => privacy.TryGetValue(tenant, out var p) ? p : defaultPrivacy;
}
