using MassTransit;
using Suite.Contracts.Events;
using Suite.Reporting.Data;
using Suite.ServiceDefaults.Auth;

namespace Suite.Reporting.Messaging;

/// <summary>
/// Stores alerting's AlertFired for the alert_summary report. No inbox row: the write is an upsert keyed by the tenant
/// and the alert id (alerting gives every firing a new id), so a redelivery rewrites the same values.
/// </summary>
public sealed class AlertFiredConsumer(AlertHistoryStore store, TimeProvider clock) : IConsumer<AlertFired>
{
    public async Task Consume(ConsumeContext<AlertFired> context)
    {
        var e = context.Message;
        if (!TenantContext.IsValidTenant(e.Tenant))
        {
            throw new InvalidOperationException("AlertFired has an invalid tenant");
        }
        await store.RecordFiredAsync(e, clock.GetUtcNow(), context.CancellationToken);
    }
}
