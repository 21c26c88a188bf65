using Npgsql;
using Suite.Alerting.Incidents;
using Suite.ServiceDefaults.Messaging;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Messaging;

/// <summary>
/// What the event consumers share: the inbox row (idempotency by MassTransit MessageId) and the incidents go in one
/// transaction, so a redelivered event raises nothing twice; the escalation worker is woken after the commit.
/// </summary>
public sealed class EventIncidentWriter(NpgsqlDataSource db, IncidentIntake intake, EscalationSignal signal, ILogger<EventIncidentWriter> logger)
{
    /// <returns>How many incidents were opened.</returns>
    public async Task<int> WriteAsync(string inbox, Guid messageId, string tenant, IReadOnlyList<EventAlert> alerts, DateTimeOffset at, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);
        if (!await Inbox.TryMarkProcessedAsync(conn, tx, inbox, messageId, ct))
        {
            logger.LogDebug("Message {MessageId} already handled by {Inbox}; skipping", messageId, inbox);
            return 0;
        }
        var opened = 0;
        foreach (var alert in alerts)
        {
            var result = await intake.RaiseAsync(conn, tx, tenant, alert.Labels, alert.Annotations, alert.Severity, at, ct);
            if (result.Outcome == RaiseOutcome.Opened)
            {
                opened++;
            }
        }
        await tx.CommitAsync(ct);
        if (opened > 0)
        {
            signal.Notify();
        }
        return opened;
    }
}
