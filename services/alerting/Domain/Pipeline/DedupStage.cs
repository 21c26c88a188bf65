namespace Suite.Alerting.Domain.Pipeline;

/// <summary>
/// Keeps one notification per (kind, channel, target): email addresses compare case-insensitively. The unique key
/// of the notifications table enforces the same across evaluations and replicas.
/// </summary>
public sealed class DedupStage : IAlertStage
{
    public string Name => "dedup";

    public NotificationPlan Apply(NotificationPlan plan, PipelineContext context)
    {
        var seen = new HashSet<(NotificationKind, string, string)>();
        var kept = plan.Notifications
            .Where(n => seen.Add((n.Kind, n.Channel, KeyOf(n))))
            .ToList();
        return plan with { Notifications = kept };
    }

    public static string KeyOf(PlannedNotification n) =>
        n.Channel == NotificationChannels.Email ? n.Target.ToLowerInvariant() : n.Target;
}
