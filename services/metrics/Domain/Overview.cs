using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Domain;

/// <summary>A validated WatchKpis request.</summary>
public sealed record KpiWatch(IReadOnlyList<KpiDefinition> Kpis, KpiGranularity Granularity, TimeSpan Interval);

/// <summary>Pure parts of GetOverview and WatchKpis.</summary>
public static class Overview
{
    public const int MaxWatchedKpis = 20;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>Relative change day over day; null when either day has no value or the previous one is 0.</summary>
    public static double? Change(KpiValue previous, KpiValue current) =>
        previous.HasValue && current.HasValue && previous.Value != 0 ? current.Value / previous.Value - 1 : null;

    public static (KpiWatch? Watch, IReadOnlyList<FieldViolation> Violations) ValidateWatch(WatchKpisRequest request, Func<string, KpiDefinition?> find)
    {
        var violations = new List<FieldViolation>();
        KpiGranularity? granularity = request.Granularity switch
        {
            Granularity.Unspecified or Granularity.Hour => KpiGranularity.Hour,
            Granularity.Minute => KpiGranularity.Minute,
            Granularity.Day => KpiGranularity.Day,
            _ => null,
        };
        if (granularity is null)
        {
            violations.Add(new("granularity", "must be GRANULARITY_MINUTE, GRANULARITY_HOUR or GRANULARITY_DAY"));
        }
        if (request.Kpis.Count is 0 or > MaxWatchedKpis)
        {
            violations.Add(new("kpis", $"name 1-{MaxWatchedKpis} KPIs"));
        }
        var kpis = new List<KpiDefinition>();
        foreach (var name in request.Kpis.Distinct())
        {
            if (find(name) is not { } kpi)
            {
                violations.Add(new("kpis", $"unknown KPI '{KpiDefinition.Shorten(name)}'"));
            }
            else if (kpi.Users is not null && granularity is not null and not KpiGranularity.Day)
            {
                violations.Add(new("kpis", $"{kpi.Name} counts distinct users per UTC day: watch it with GRANULARITY_DAY"));
            }
            else
            {
                kpis.Add(kpi);
            }
        }
        var interval = request.IntervalSeconds == 0 ? DefaultInterval : TimeSpan.FromSeconds(request.IntervalSeconds);
        if (request.IntervalSeconds is < 0 or > 60)
        {
            violations.Add(new("interval_seconds", "must be 1-60 (0 = 5)"));
        }
        return violations.Count > 0 ? (null, violations) : (new KpiWatch(kpis, granularity!.Value, interval), []);
    }
}
