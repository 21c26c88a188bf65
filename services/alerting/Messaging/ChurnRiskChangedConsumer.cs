using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Incidents;
using Suite.Contracts.Events;

namespace Suite.Alerting.Messaging;

/// <summary>Raises an incident for each of the tenant's churn_risk_critical rules the level change crosses into.</summary>
public sealed class ChurnRiskChangedConsumer(IConfigSource configs, EventIncidentWriter writer)
    : EventRuleConsumer<ChurnRiskChanged>(configs, writer, InboxName)
{
    public const string InboxName = "alerting.churn_risk_changed";

    protected override string TenantOf(ChurnRiskChanged message) => message.Tenant;

    protected override DateTimeOffset AtOf(ChurnRiskChanged message) => message.At;

    protected override IReadOnlyList<EventAlert> Alerts(CompiledConfig config, ChurnRiskChanged e) =>
        EventAlerts.ForChurn(config, e.Tenant, e.AccountId, e.FromLevel, e.ToLevel, e.Probability);
}
