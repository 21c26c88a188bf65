namespace Suite.Alerting.Domain.Pipeline;

/// <summary>
/// One step of the notification pipeline. Stages are pure: whatever they need from storage (silences, routes,
/// recipients) is loaded before the pipeline runs and handed over in the <see cref="PipelineContext"/>.
/// </summary>
public interface IAlertStage
{
    string Name { get; }

    NotificationPlan Apply(NotificationPlan plan, PipelineContext context);
}

/// <summary>Everything a stage may consult. <c>Now</c> is the evaluation cycle's single clock reading.</summary>
public sealed record PipelineContext(DateTimeOffset Now);

/// <summary>A notification a stage decided to send: one channel, one target, due at a time.</summary>
public sealed record PlannedNotification(NotificationKind Kind, string Channel, string Target, DateTimeOffset DueAt);

/// <summary>What flows between stages: the transition and the notifications planned for it so far.</summary>
public sealed record NotificationPlan(AlertTransition Transition, IReadOnlyList<PlannedNotification> Notifications)
{
    public static NotificationPlan Empty(AlertTransition transition) => new(transition, []);
}
