using System.Globalization;
using System.Text;

namespace Suite.AlertingBench;

/// <summary>
/// The configuration documents: per tenant one Slack recipient (a hook of <see cref="SlackHooks"/>), a root route to
/// it with group_wait 0s, and o.Rules KPI rules named kpi-0000 …: threshold rules (ratio above 0.5 over 5m) first,
/// then z-score rules (20 one-minute points, k = 3). Each rule reads its own shard (filter shard=NNNN), so the fake
/// metrics can make exactly the chosen rules fire.
/// </summary>
public static class BenchDocuments
{
    private static readonly string[] RatioKpis = ["login_failure_rate", "error_rate", "payment_failure_rate", "api_error_rate"];

    public static string Tenant(int index) => $"bench-{index:D2}";

    public static string Rule(int index) => $"kpi-{index:D4}";

    public static string Shard(int index) => index.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The threshold rules that fire, as (tenant, rule index): o.Fire spread evenly over the tenants.</summary>
    public static IReadOnlyList<(string Tenant, int Rule)> Firing(AlertingBenchOptions o) =>
        Enumerable.Range(0, o.Tenants)
            .SelectMany(t => Enumerable.Range(0, o.Fire / o.Tenants + (t < o.Fire % o.Tenants ? 1 : 0)).Select(r => (Tenant(t), r)))
            .ToList();

    public static string Yaml(AlertingBenchOptions o, string hookUrl)
    {
        var yaml = new StringBuilder($"""
            recipients:
              - name: ops
                slack:
                  webhook_url: {hookUrl}
            routes:
              receiver: ops
              group_wait: 0s
            rules:

            """);
        var thresholds = o.Rules - o.Anomaly;
        for (var i = 0; i < o.Rules; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: {Rule(i)}
                    severity: {(i % 2 == 0 ? "critical" : "warning")}
                    kpi: {(i < thresholds ? RatioKpis[i % RatioKpis.Length] : "events_count")}
                    filters:
                      shard: "{Shard(i)}"

                """);
            yaml.Append(i < thresholds
                ? """
                        annotations:
                          summary: "Ratio at {{ $value:F2 }}"
                        threshold:
                          op: above
                          value: 0.5
                          window: 5m

                    """
                : """
                        anomaly:
                          method: zscore
                          window: 20
                          k: 3
                          step: 1m

                    """);
        }
        return yaml.ToString();
    }
}
