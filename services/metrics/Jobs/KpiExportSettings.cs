using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Configuration;

namespace Suite.Metrics.Jobs;

/// <summary>
/// Metrics:Export — which business KPIs are exported as the Prometheus gauge suite_business_kpi{tenant, kpi}:
/// Tenants:{tenant} = list of built-in KPI names; Interval (00:00:30) between refreshes. Label cardinality is bounded:
/// at most <see cref="MaxTenants"/> tenants × <see cref="MaxKpisPerTenant"/> KPIs.
/// </summary>
public sealed record KpiExportSettings(IReadOnlyDictionary<string, IReadOnlyList<KpiDefinition>> Tenants, TimeSpan Interval)
{
    public const string Section = "Metrics:Export";
    public const int MaxTenants = 50;
    public const int MaxKpisPerTenant = 30;
    private static readonly string[] Known = ["Tenants", "Interval"];

    public bool Enabled => Tenants.Count > 0;

    public static KpiExportSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var problems = StrictOptions.UnknownKeys(section, Known).ToList();
        var interval = TimeSpan.FromSeconds(30);
        if (section["Interval"] is { } i && (!TimeSpan.TryParse(i, System.Globalization.CultureInfo.InvariantCulture, out interval)
            || interval < TimeSpan.FromSeconds(5) || interval > TimeSpan.FromHours(1)))
        {
            problems.Add($"{Section}:Interval must be a time span from 00:00:05 to 01:00:00");
        }
        var tenants = new Dictionary<string, IReadOnlyList<KpiDefinition>>(StringComparer.Ordinal);
        var tenantSections = section.GetSection("Tenants").GetChildren().ToList();
        if (tenantSections.Count > MaxTenants)
        {
            problems.Add($"{Section}:Tenants lists {tenantSections.Count} tenants, at most {MaxTenants} are allowed (each adds Prometheus series)");
        }
        foreach (var tenant in tenantSections)
        {
            var names = tenant.GetChildren().Select(c => c.Value ?? "").ToList();
            if (names.Count is 0 or > MaxKpisPerTenant)
            {
                problems.Add($"{Section}:Tenants:{tenant.Key} must list 1-{MaxKpisPerTenant} KPI names");
            }
            var kpis = new List<KpiDefinition>();
            foreach (var name in names.Distinct())
            {
                if (KpiCatalog.Find(name) is { } kpi)
                {
                    kpis.Add(kpi);
                }
                else
                {
                    problems.Add($"{Section}:Tenants:{tenant.Key}: '{name}' is not a built-in KPI");
                }
            }
            tenants[tenant.Key] = kpis;
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", problems));
        }
        return new KpiExportSettings(tenants, interval);
    }
}
