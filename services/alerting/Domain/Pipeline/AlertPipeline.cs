namespace Suite.Alerting.Domain.Pipeline;

/// <summary>
/// The alerting pipeline (Alertmanager's, plus what it lacks), in order:
/// <list type="number">
/// <item>evaluate rules → decision (<see cref="AlertDecisions"/>, run by Jobs/EvaluationCycle)</item>
/// <item>alert instance with fingerprint (<see cref="AlertFingerprint"/>, stored in <c>alerts</c>)</item>
/// <item>the stages below, pure, over the alert's transition</item>
/// <item>notify with retry, notification log (Jobs/NotificationDispatcher over the <c>notifications</c> table)</item>
/// </list>
/// </summary>
public static class AlertPipeline
{
    /// <summary>
    /// The stage order. Grouping, inhibition and silences go before routing; escalation and quiet hours between
    /// routing and dedup (they shift or add due times); each is one more <see cref="IAlertStage"/> in this list.
    /// </summary>
    public static IReadOnlyList<IAlertStage> Stages { get; } =
    [
        new RouteStage(),   // to the rule's own targets: each Slack webhook, each email recipient
        new DedupStage(),   // one notification per (kind, channel, target)
    ];

    public static NotificationPlan Run(AlertTransition transition, PipelineContext context) =>
        Run(Stages, transition, context);

    public static NotificationPlan Run(IEnumerable<IAlertStage> stages, AlertTransition transition, PipelineContext context) =>
        stages.Aggregate(NotificationPlan.Empty(transition), (plan, stage) => stage.Apply(plan, context));
}
