using Npgsql;
using Suite.Alerting.Configuration;
using Suite.Alerting.Configuration.Runtime;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Incidents;

/// <summary>
/// Fires due escalation steps. Each pass claims due incidents (FOR UPDATE SKIP LOCKED: two replicas never take the
/// same incident), and in ONE transaction writes the step's delivery rows (ON CONFLICT DO NOTHING on the unique
/// key), the fired step and the next due time. A crash before the commit leaves the step due; after it, the
/// deliveries are in the outbox. So after a restart the next step fires once, at its time.
/// System scope: it claims the due incidents of every tenant.
/// </summary>
public sealed class EscalationWorker(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db,
    IConfigSource configs,
    AlertingOptions options,
    EscalationSignal signal,
    IncidentDeliverySignal deliverySignal,
    AlertingMetrics metrics,
    TimeProvider clock,
    ILogger<EscalationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Typically the database is unreachable; the next pass tries again.
                logger.LogError(ex, "Escalation pass failed");
            }
            if (claimed < options.Escalation.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(options.Escalation.Interval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <returns>How many incidents were claimed.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var inserted = 0;
        var fired = new List<(int Level, int Held)>();   // counted once committed
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var due = await IncidentStore.ClaimDueAsync(conn, tx, now, options.Escalation.BatchSize, ct);
        foreach (var incident in due)
        {
            var outcome = EscalationPass.Run(incident, now);
            if (outcome.Fire.Count > 0)
            {
                var config = await configs.GetAsync(incident.Tenant, ct);
                var notice = IncidentNotice.Of(incident, IncidentNoticeKind.Firing, now);
                GroupFlush? group = null;
                foreach (var step in outcome.Fire)
                {
                    var (planned, unknown) = DeliveryPlanning.ForStep(step.Targets, config.Recipients, incident.Severity, now);
                    if (unknown.Count > 0)
                    {
                        logger.LogWarning("Incident {Id} level {Level}: recipients {Recipients} are not in tenant {Tenant}'s configuration",
                            incident.Id, step.Level, string.Join(", ", unknown), incident.Tenant);
                    }
                    // A grouped incident's notifications wait for its group's flush (planned once per pass, and only
                    // when something would wait: a flush planned for nothing would hurry the group's next one).
                    if (incident.Grouping is { } grouping && group is null && planned.Any(p => p.HoldUntil is null))
                    {
                        group = new GroupFlush(grouping.Key, await AlertGroupStore.PlanFlushAsync(conn, tx, incident.Tenant, incident.Id, grouping, now, ct));
                    }
                    inserted += await DeliveryStore.InsertAsync(conn, tx, notice, step.Level, step.Repeat, planned, now, ct, group);
                    fired.Add((step.Level, planned.Count(p => p.HoldUntil is not null)));
                }
            }
            await IncidentStore.SaveEscalationAsync(conn, tx, incident.Id, outcome.State, outcome.LastFired, outcome.NextDueAt, ct);
        }
        await tx.CommitAsync(ct);
        foreach (var (level, held) in fired)
        {
            metrics.EscalationStepFired(level, held);
        }
        if (inserted > 0)
        {
            deliverySignal.Notify();
        }
        return due.Count;
    }
}
