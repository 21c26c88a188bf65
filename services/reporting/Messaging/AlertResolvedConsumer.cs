using MassTransit;
using Suite.Contracts.Events;
using Suite.Reporting.Data;
using Suite.ServiceDefaults.Auth;

namespace Suite.Reporting.Messaging;

/// <summary>
/// Stores alerting's AlertResolved for the alert_summary report. Queues do not order the two events: a resolve that
/// comes first is kept (the row waits for its AlertFired). Idempotent like <see cref="AlertFiredConsumer"/>.
/// </summary>
public sealed class AlertResolvedConsumer(AlertHistoryStore store, TimeProvider clock) : IConsumer<AlertResolved>
{
    public async Task Consume(ConsumeContext<AlertResolved> context)
    {
        var e = context.Message;
        if (!TenantContext.IsValidTenant(e.Tenant))
        {
            throw new InvalidOperationException("AlertResolved has an invalid tenant");
        }
        await store.RecordResolvedAsync(e, clock.GetUtcNow(), context.CancellationToken);
    }
}
