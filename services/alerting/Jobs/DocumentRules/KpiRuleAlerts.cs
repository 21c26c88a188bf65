using System.Globalization;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Incidents;

namespace Suite.Alerting.Jobs.DocumentRules;

/// <summary>
/// The alert a firing KPI rule raises (pure): labels are the rule's own plus alertname, severity, tenant and kpi
/// (reserved ones win); annotations are rendered with $value = the value the condition compared, a "value"
/// annotation is added, and the evaluator's reason becomes the summary when the rule has none.
/// </summary>
public static class KpiRuleAlerts
{
    public static EventAlert For(CompiledRule rule, string tenant, double value, string reason)
    {
        var labels = Labels(rule, tenant);
        var data = new TemplateData(rule.Name, value, labels);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in rule.Annotations)
        {
            annotations[name] = AnnotationTemplate.Render(template, data);
        }
        annotations.TryAdd("summary", $"{rule.Kpi}: {reason}");
        annotations.TryAdd(IncidentNoticeAdapter.ValueAnnotation, value.ToString("R", CultureInfo.InvariantCulture));
        return new EventAlert(rule.Name, rule.Severity, labels, annotations);
    }

    /// <summary>The labels alone: what the fingerprint of the rule's incident is computed from.</summary>
    public static IReadOnlyDictionary<string, string> Labels(CompiledRule rule, string tenant)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in rule.Labels)
        {
            labels[name] = text;
        }
        labels["alertname"] = rule.Name;
        labels["severity"] = rule.Severity;
        labels["tenant"] = tenant;
        labels["kpi"] = rule.Kpi ?? "";
        return labels;
    }
}
