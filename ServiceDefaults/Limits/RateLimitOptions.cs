namespace Suite.ServiceDefaults.Limits;

/// <summary>A budget: at most <see cref="Permits"/> calls per <see cref="Window"/> (fixed window).</summary>
public sealed class RateLimitRule
{
    public int Permits { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary>
/// Configuration section "RateLimits": request budgets for gRPC calls (ingestion's per-tenant event rate is separate).
/// Every call of an end user counts against <see cref="PerUser"/> and <see cref="PerTenant"/>; a method named in
/// <see cref="Methods"/> (key "package.Service/Method") also against its own per-user budget.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    // Generous: a dashboard polling a few KPIs a second per user stays far below; tests make hundreds of calls.
    public RateLimitRule PerUser { get; set; } = new() { Permits = 6000, Window = TimeSpan.FromMinutes(1) };
    public RateLimitRule PerTenant { get; set; } = new() { Permits = 60000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Per-user budgets of named methods, on top of the defaults. Replaces the built-in list when configured.</summary>
    public Dictionary<string, RateLimitRule> Methods { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Executive endpoints: expensive aggregations a person does not need more than 100 times an hour.</summary>
    public static IReadOnlyDictionary<string, RateLimitRule> DefaultMethods { get; } = new[]
    {
        "suite.metrics.v1.Metrics/GetRevenueMetrics",
        "suite.metrics.v1.Metrics/GetOverview",
        "suite.metrics.v1.Metrics/GetCohortRetention",
        "suite.metrics.v1.Metrics/GetFunnel",
        "suite.reporting.v1.Reporting/GenerateReport",
    }.ToDictionary(m => m, _ => new RateLimitRule { Permits = 100, Window = TimeSpan.FromHours(1) }, StringComparer.Ordinal);

    /// <summary>The method budgets in force: the configured ones, or the built-in executive list when none are.</summary>
    public IReadOnlyDictionary<string, RateLimitRule> EffectiveMethods => Methods.Count > 0 ? Methods : DefaultMethods;

    public IEnumerable<string> Validate()
    {
        foreach (var problem in Check($"{Section}:PerUser", PerUser))
        {
            yield return problem;
        }
        foreach (var problem in Check($"{Section}:PerTenant", PerTenant))
        {
            yield return problem;
        }
        foreach (var (method, rule) in Methods)
        {
            if (!IsMethodName(method))
            {
                yield return $"{Section}:Methods:{method} must name a method as package.Service/Method (e.g. suite.metrics.v1.Metrics/GetOverview)";
            }
            foreach (var problem in Check($"{Section}:Methods:{method}", rule))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> Check(string key, RateLimitRule? rule)
    {
        if (rule is null)
        {
            yield return $"{key} is required";
            yield break;
        }
        if (rule.Permits is < 1 or > 10_000_000)
        {
            yield return $"{key}:Permits must be between 1 and 10000000 (got {rule.Permits})";
        }
        if (rule.Window < TimeSpan.FromMilliseconds(100) || rule.Window > TimeSpan.FromDays(1))
        {
            yield return $"{key}:Window must be between 00:00:00.1 and 1.00:00:00 (got {rule.Window})";
        }
    }

    private static bool IsMethodName(string method)
    {
        var slash = method.IndexOf('/');
        return slash > 0 && slash < method.Length - 1 && method.IndexOf('/', slash + 1) < 0 && method[..slash].Contains('.')
            && !method.Any(char.IsWhiteSpace);
    }
}
