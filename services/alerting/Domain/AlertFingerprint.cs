using System.Security.Cryptography;
using System.Text;

namespace Suite.Alerting.Domain;

/// <summary>
/// Identity of an alert instance (Alertmanager's fingerprint): a hash of tenant, rule and the alert's labels,
/// stable across restarts and replicas, so later stages (grouping, silences, dedup) can key on it.
/// </summary>
public static class AlertFingerprint
{
    /// <summary>The labels of a rule's alert: its KPI and filters (filters win on a clash, they are more specific).</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(AlertRule rule)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kpi"] = rule.Kpi };
        foreach (var (key, value) in rule.Filters)
        {
            labels[key] = value;
        }
        return labels;
    }

    /// <returns>16 lowercase hex characters (64 bits of SHA-256), independent of label order.</returns>
    public static string Of(string tenant, Guid ruleId, IReadOnlyDictionary<string, string> labels)
    {
        var text = new StringBuilder();
        text.Append(tenant).Append('\u001f').Append(ruleId.ToString("N"));
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            // Unit separators keep "a=b,c" and "a=b" + "c=" apart.
            text.Append('\u001e').Append(key).Append('\u001f').Append(value);
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash, 0, 8);
    }

    public static string Of(AlertRule rule) => Of(rule.Tenant, rule.Id, LabelsOf(rule));

    /// <summary>An alert known by its labels alone (event rules, incidents): the rule's identity is its alertname label.</summary>
    public static string Of(string tenant, IReadOnlyDictionary<string, string> labels) => Of(tenant, Guid.Empty, labels);
}
