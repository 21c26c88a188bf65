using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Incidents;
using Suite.Contracts.Events;

namespace Suite.Alerting.Messaging;

/// <summary>Raises an incident for each of the tenant's threat_detected rules the event's action reaches.</summary>
public sealed class ThreatDetectedConsumer(IConfigSource configs, EventIncidentWriter writer)
    : EventRuleConsumer<ThreatDetected>(configs, writer, InboxName)
{
    public const string InboxName = "alerting.threat_detected";

    protected override string TenantOf(ThreatDetected message) => message.Tenant;

    protected override DateTimeOffset AtOf(ThreatDetected message) => message.At;

    protected override IReadOnlyList<EventAlert> Alerts(CompiledConfig config, ThreatDetected e) =>
        EventAlerts.ForThreat(config, e.Tenant, e.UserId, e.Action, e.Probability);
}
