using Npgsql;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Formatting;
using Suite.Alerting.Domain.Pipeline;
using Suite.Contracts.Events;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Alerting.Data;

/// <summary>
/// Writes everything a transition causes inside the caller's transaction, so it all commits or none does: the
/// alert row, the notifications the pipeline planned, and the integration event.
/// </summary>
public static class AlertTransitions
{
    public static async Task RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AlertTransition transition, PipelineContext context, CancellationToken ct)
    {
        var rule = transition.Rule;
        if (transition.Kind == NotificationKind.Firing)
        {
            await AlertRepository.InsertFiringAsync(conn, tx, transition, ct);
            await Outbox.EnqueueAsync(conn, tx, new AlertFired(
                transition.AlertId, rule.Tenant, rule.Id, rule.Name, AlertText.Severity(rule.Severity), rule.Kpi,
                transition.Value, rule.Threshold, transition.StartedAt), Guid.CreateVersion7(context.Now), ct);
        }
        else
        {
            await AlertRepository.ResolveAsync(conn, tx, transition, ct);
            await Outbox.EnqueueAsync(conn, tx, new AlertResolved(
                transition.AlertId, rule.Tenant, rule.Id, rule.Name, transition.At), Guid.CreateVersion7(context.Now), ct);
        }

        var plan = AlertPipeline.Run(transition, context);
        await NotificationRepository.EnqueueAsync(conn, tx, transition.Notice(), plan.Notifications, context.Now, ct);
    }
}
