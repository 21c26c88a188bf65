using MassTransit;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Incidents;
using Suite.Contracts.Events;
using Suite.ServiceDefaults.Auth;

namespace Suite.Alerting.Messaging;

/// <summary>Raises an incident for each of the tenant's threat_detected rules the event's action reaches.</summary>
public sealed class ThreatDetectedConsumer(IConfigSource configs, EventIncidentWriter writer) : IConsumer<ThreatDetected>
{
    public const string InboxName = "alerting.threat_detected";

    public async Task Consume(ConsumeContext<ThreatDetected> context)
    {
        var e = context.Message;
        if (!TenantContext.IsValidTenant(e.Tenant))
        {
            throw new InvalidOperationException("ThreatDetected has an invalid tenant");
        }
        var config = await configs.GetAsync(e.Tenant, context.CancellationToken);
        var alerts = EventAlerts.ForThreat(config, e.Tenant, e.UserId, e.Action, e.Probability);
        // The inbox row is written even when no rule matches: a redelivery then costs one lookup.
        await writer.WriteAsync(InboxName, context.MessageId ?? throw new InvalidOperationException("ThreatDetected without a MessageId"),
            e.Tenant, alerts, e.At, context.CancellationToken);
    }
}
