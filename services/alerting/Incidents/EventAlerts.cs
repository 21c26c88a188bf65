using System.Globalization;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Incidents;

/// <summary>An alert an event rule raises: its labels (what routes match on) and rendered annotations.</summary>
public sealed record EventAlert(string Rule, string Severity, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>
/// Pure: which of a tenant's event rules an event triggers, and the alerts they raise. Labels are the rule's own
/// labels plus alertname (rule name), severity, tenant and the subject (user_id or account_id); the reserved ones
/// win over rule labels. Annotations are rendered with <see cref="AnnotationTemplate"/> ($value is the event's
/// probability); a "value" annotation holding the probability is added unless the rule defines one.
/// </summary>
public static class EventAlerts
{
    public static IReadOnlyList<EventAlert> ForThreat(CompiledConfig config, string tenant, string userId, string action, double probability) =>
        config.Rules
            .Where(r => r.Trigger is ThreatDetectedTrigger t && t.Matches(action))
            .Select(r => Build(r, tenant, "user_id", userId, probability))
            .ToList();

    public static IReadOnlyList<EventAlert> ForChurn(CompiledConfig config, string tenant, string accountId, string? fromLevel, string toLevel, double probability) =>
        config.Rules
            .Where(r => r.Trigger is ChurnRiskChangedTrigger t && t.Matches(fromLevel, toLevel))
            .Select(r => Build(r, tenant, "account_id", accountId, probability))
            .ToList();

    /// <summary>$value is the new health score.</summary>
    public static IReadOnlyList<EventAlert> ForHealth(CompiledConfig config, string tenant, string accountId, double previousScore, double score) =>
        config.Rules
            .Where(r => r.Trigger is HealthScoreCrossedTrigger t && t.Matches(previousScore, score))
            .Select(r => Build(r, tenant, "account_id", accountId, score))
            .ToList();

    private static EventAlert Build(CompiledRule rule, string tenant, string subjectLabel, string subject, double value)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in rule.Labels)
        {
            labels[name] = text;
        }
        labels["alertname"] = rule.Name;
        labels["severity"] = rule.Severity;
        labels["tenant"] = tenant;
        labels[subjectLabel] = subject;

        var data = new TemplateData(rule.Name, value, labels);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in rule.Annotations)
        {
            annotations[name] = AnnotationTemplate.Render(template, data);
        }
        annotations.TryAdd(IncidentNoticeAdapter.ValueAnnotation, value.ToString("R", CultureInfo.InvariantCulture));
        return new EventAlert(rule.Name, rule.Severity, labels, annotations);
    }
}
