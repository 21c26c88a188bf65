namespace Suite.Alerting.Domain.Pipeline;

/// <summary>
/// Routes a transition to the rule's own receivers, due now. The routing tree of a later issue replaces the
/// receiver lookup, not the stage's place in the pipeline.
/// </summary>
public sealed class RouteStage : IAlertStage
{
    public string Name => "route";

    public NotificationPlan Apply(NotificationPlan plan, PipelineContext context)
    {
        var rule = plan.Transition.Rule;
        var kind = plan.Transition.Kind;
        var routed = new List<PlannedNotification>(plan.Notifications);
        if (!string.IsNullOrWhiteSpace(rule.SlackWebhookUrl))
        {
            routed.Add(new PlannedNotification(kind, NotificationChannels.Slack, rule.SlackWebhookUrl, context.Now));
        }
        routed.AddRange(rule.EmailTo.Select(to => new PlannedNotification(kind, NotificationChannels.Email, to, context.Now)));
        return plan with { Notifications = routed };
    }
}
