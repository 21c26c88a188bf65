using MassTransit;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Incidents;
using Suite.ServiceDefaults.Auth;

namespace Suite.Alerting.Messaging;

/// <summary>
/// An event that event rules react to: find the tenant's rules it triggers (pure, <see cref="EventAlerts"/>) and raise
/// their incidents under the inbox. The inbox row is written even when no rule matches: a redelivery then costs one
/// lookup.
/// </summary>
public abstract class EventRuleConsumer<T>(IConfigSource configs, EventIncidentWriter writer, string inboxName) : IConsumer<T>
    where T : class
{
    protected abstract string TenantOf(T message);

    protected abstract DateTimeOffset AtOf(T message);

    protected abstract IReadOnlyList<EventAlert> Alerts(CompiledConfig config, T message);

    public async Task Consume(ConsumeContext<T> context)
    {
        var tenant = TenantOf(context.Message);
        if (!TenantContext.IsValidTenant(tenant))
        {
            throw new InvalidOperationException($"{typeof(T).Name} has an invalid tenant");
        }
        var config = await configs.GetAsync(tenant, context.CancellationToken);
        await writer.WriteAsync(inboxName, context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} without a MessageId"),
            tenant, Alerts(config, context.Message), AtOf(context.Message), context.CancellationToken);
    }
}
