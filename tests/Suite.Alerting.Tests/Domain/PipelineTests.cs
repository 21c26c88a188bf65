using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Pipeline;

namespace Suite.Alerting.Tests.Domain;

public class PipelineTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static AlertRule Rule(string? slack, params string[] emails) => new(
        Guid.Parse("0196f0a4-0000-7000-8000-000000000001"), "acme", "Low logins", "login_success_rate",
        new Dictionary<string, string>(), Comparison.Below, 0.9, 300, AlertSeverity.Critical, emails, slack, 0, Now);

    private static AlertTransition Firing(AlertRule rule) =>
        new(NotificationKind.Firing, rule, Guid.NewGuid(), AlertFingerprint.Of(rule), 0.5, Now, Now);

    [Fact]
    public void One_notification_per_webhook_and_per_recipient_due_now()
    {
        var plan = AlertPipeline.Run(Firing(Rule("https://hooks.example/a", "a@x.example", "b@x.example")), new PipelineContext(Now));
        Assert.Equal(
        [
            new PlannedNotification(NotificationKind.Firing, NotificationChannels.Slack, "https://hooks.example/a", Now),
            new PlannedNotification(NotificationKind.Firing, NotificationChannels.Email, "a@x.example", Now),
            new PlannedNotification(NotificationKind.Firing, NotificationChannels.Email, "b@x.example", Now),
        ], plan.Notifications);
    }

    [Fact]
    public void Duplicate_recipients_are_notified_once()
    {
        var plan = AlertPipeline.Run(Firing(Rule(null, "a@x.example", "A@X.example", "a@x.example")), new PipelineContext(Now));
        Assert.Equal("a@x.example", Assert.Single(plan.Notifications).Target);
    }

    [Fact]
    public void Resolved_transitions_notify_the_same_targets_as_resolved()
    {
        var rule = Rule("https://hooks.example/a", "a@x.example");
        var resolved = Firing(rule) with { Kind = NotificationKind.Resolved, At = Now.AddMinutes(5) };
        var plan = AlertPipeline.Run(resolved, new PipelineContext(Now.AddMinutes(5)));
        Assert.All(plan.Notifications, n => Assert.Equal(NotificationKind.Resolved, n.Kind));
        Assert.Equal(["https://hooks.example/a", "a@x.example"], plan.Notifications.Select(n => n.Target));
    }

    [Fact]
    public void Stages_run_in_the_listed_order()
    {
        var seen = new List<string>();
        var stages = new IAlertStage[] { new Probe("first", seen), new RouteStage(), new Probe("second", seen) };
        var plan = AlertPipeline.Run(stages, Firing(Rule(null, "a@x.example")), new PipelineContext(Now));
        Assert.Equal(["first:0", "second:1"], seen);
        Assert.Single(plan.Notifications);
    }

    [Fact]
    public void The_foundation_order_is_route_then_dedup()
    {
        Assert.Equal(["route", "dedup"], AlertPipeline.Stages.Select(s => s.Name));
    }

    private sealed class Probe(string name, List<string> seen) : IAlertStage
    {
        public string Name => name;

        public NotificationPlan Apply(NotificationPlan plan, PipelineContext context)
        {
            seen.Add($"{name}:{plan.Notifications.Count}");
            return plan;
        }
    }
}
