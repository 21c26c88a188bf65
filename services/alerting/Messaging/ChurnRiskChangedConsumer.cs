using MassTransit;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Incidents;
using Suite.Contracts.Events;
using Suite.ServiceDefaults.Auth;

namespace Suite.Alerting.Messaging;

/// <summary>Raises an incident for each of the tenant's churn_risk_critical rules the level change crosses into.</summary>
public sealed class ChurnRiskChangedConsumer(IConfigSource configs, EventIncidentWriter writer) : IConsumer<ChurnRiskChanged>
{
    public const string InboxName = "alerting.churn_risk_changed";

    public async Task Consume(ConsumeContext<ChurnRiskChanged> context)
    {
        var e = context.Message;
        if (!TenantContext.IsValidTenant(e.Tenant))
        {
            throw new InvalidOperationException("ChurnRiskChanged has an invalid tenant");
        }
        var config = await configs.GetAsync(e.Tenant, context.CancellationToken);
        var alerts = EventAlerts.ForChurn(config, e.Tenant, e.AccountId, e.FromLevel, e.ToLevel, e.Probability);
        await writer.WriteAsync(InboxName, context.MessageId ?? throw new InvalidOperationException("ChurnRiskChanged without a MessageId"),
            e.Tenant, alerts, e.At, context.CancellationToken);
    }
}
