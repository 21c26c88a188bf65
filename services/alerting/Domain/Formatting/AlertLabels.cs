namespace Suite.Alerting.Domain.Formatting;

/// <summary>
/// The labels a notice shows as (Slack context, webhook <c>labels</c>), Alertmanager-style: <c>alertname</c> is the
/// rule's name. Sorted by name so every rendering lists them in the same order.
/// </summary>
public static class AlertLabels
{
    public const string AlertName = "alertname";
    public const string Kpi = "kpi";
    public const string Severity = "severity";
    public const string Tenant = "tenant";

    public static IReadOnlyDictionary<string, string> Of(AlertNotice n) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [AlertName] = n.RuleName,
        [Kpi] = n.Kpi,
        [Severity] = AlertText.Severity(n.Severity),
        [Tenant] = n.Tenant,
    };
}
