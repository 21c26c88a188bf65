using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Domain.Labels;

namespace Suite.Alerting.Tests.Domain.Config;

/// <summary>The shipped example must stay valid and must keep saying what the business asked for.</summary>
public sealed class BusinessRoutingExampleTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "examples", "business-routing.yaml");
    private static readonly Lazy<AlertingDocument> Example = new(() => AlertingYaml.Parse(File.ReadAllText(ExamplePath)));

    [Fact]
    public void Parses_and_validates_without_errors()
    {
        var (document, errors) = AlertingYaml.Load(File.ReadAllText(ExamplePath));
        Assert.Empty(errors);
        Assert.NotNull(document);
    }

    [Fact]
    public void Round_trips() =>
        Assert.Equal(AlertingYamlTests.Structure(Example.Value), AlertingYamlTests.Structure(AlertingYaml.Parse(AlertingYaml.Write(Example.Value))));

    // The six rows of the routing table: the labels an alert carries → receiver, its Slack channel or email address,
    // group_wait, group_interval, repeat_interval (the SLA) and escalation policy, all as the routing tree resolves them.
    [Theory]
    [InlineData("kind=customer_critical,severity=critical,team=success", "slack-cs-urgent", "#customer-success-urgent", "30s", "5m", "24h", "cs-urgent")]
    [InlineData("kind=nps_negative,severity=critical,team=leadership", "slack-chairman", "@chairman", "0s", "5m", "24h", null)]
    [InlineData("kind=system_degraded,severity=critical,team=eng", "slack-eng-ops", "#eng-ops", "10s", "5m", "1h", "eng-ops")]
    [InlineData("kind=crm_sync_failure,severity=warning,team=ops", "email-ops", "ops@example.com", "30s", "5m", "4h", null)]
    [InlineData("kind=retention_decline,severity=warning,team=success", "slack-cs", "#customer-success", "30s", "1d", "1w", null)]
    [InlineData("kind=at_risk_customer,severity=warning,team=success", "email-success-team", "success-team@example.com", "1h", "1w", "1w", null)]
    [InlineData("kind=security_threat,severity=critical,team=security", "email-ops", "ops@example.com", "30s", "5m", "4h", null)]
    public void Routes_each_requirement(string labels, string receiver, string address, string groupWait, string groupInterval, string repeatInterval, string? policy)
    {
        var route = Resolve(Example.Value.Routes!, Labels(labels));
        Assert.Equal((receiver, groupWait, groupInterval, repeatInterval, policy), (route.Receiver, route.GroupWait, route.GroupInterval, route.RepeatInterval, route.Policy));
        var recipient = Example.Value.Recipients.Single(r => r.Name == receiver);
        Assert.Equal(address, recipient.Slack?.Channel ?? recipient.Email!.To.Single());
    }

    // Each row's alert is produced by a rule; the rule's own labels (plus severity) route it to the row's receiver.
    [Theory]
    [InlineData("customer-health-critical", "event health_score_below_40", "slack-cs-urgent")]
    [InlineData("nps-negative", "threshold nps below 0", "slack-chairman")]
    [InlineData("api-error-rate-high", "threshold error_rate above 0.05", "slack-eng-ops")]
    [InlineData("api-latency-anomaly", "anomaly api_response_time_p95 zscore", "slack-eng-ops")]
    [InlineData("ingestion-stopped", "absence events_count 26h", "slack-eng-ops")]
    [InlineData("crm-sync-failing", "threshold crm_sync_consecutive_failures above 2", "email-ops")]
    [InlineData("retention-decline-mom", "change retention_rate decline 15 30d", "slack-cs")]
    [InlineData("churn-risk-critical", "event churn_risk_critical", "email-success-team")]
    [InlineData("account-takeover", "event threat_detected", "email-ops")]
    public void Rules_produce_the_alerts_and_route_them(string name, string condition, string receiver)
    {
        var rule = Example.Value.Rules.Single(r => r.Name == name);
        Assert.Equal(condition, Describe(rule));
        var labels = new Dictionary<string, string>(rule.Labels) { ["severity"] = rule.Severity, ["alertname"] = rule.Name };
        Assert.Equal(receiver, Resolve(Example.Value.Routes!, labels).Receiver);
    }

    [Theory]
    [InlineData("cs-urgent", "0s:slack-cs-urgent|24h:alice,email-cs-leads", "24h")]
    [InlineData("eng-ops", "0s:slack-eng-ops|1h:slack-eng-ops,email-ops", "1h")]
    public void Escalation_policies_escalate_after_the_sla(string name, string levels, string ackTimeout)
    {
        var policy = Example.Value.Policies.Single(p => p.Name == name);
        Assert.Equal(levels, string.Join("|", policy.Levels.Select(l => l.Delay + ":" + string.Join(",", l.Targets))));
        Assert.Equal(ackTimeout, policy.AckTimeout);
    }

    [Fact]
    public void Quiet_hours_and_bypass_are_used()
    {
        var ops = Example.Value.Recipients.Single(r => r.Name == "email-ops");
        Assert.Equal("Europe/Berlin", ops.TimeZone);
        Assert.Equal(4, ops.QuietHours.Count);
        Assert.Equal(["critical"], ops.BypassSeverities);
        Assert.Empty(Example.Value.Recipients.Single(r => r.Name == "slack-chairman").QuietHours);
    }

    private static Dictionary<string, string> Labels(string text) =>
        text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static string Describe(RuleConfig rule) => rule switch
    {
        { Event: { } e } => $"event {e.Type}",
        { Threshold: { } t } => FormattableString.Invariant($"threshold {rule.Kpi} {t.Op} {t.Value}"),
        { Change: { } c } => FormattableString.Invariant($"change {rule.Kpi} {c.Direction} {c.Percent} {c.Period}"),
        { Anomaly: { } a } => $"anomaly {rule.Kpi} {a.Method}",
        { Absence: { } a } => $"absence {rule.Kpi} {a.For}",
        _ => "other",
    };

    private sealed record Effective(string? Receiver, string? GroupWait, string? GroupInterval, string? RepeatInterval, string? Policy);

    /// <summary>
    /// Alertmanager's routing, enough for this test: the first matching child (depth-first) wins, settings inherited
    /// from the parent. The real routing tree lives in Domain/Routing; this keeps the example's test independent of it.
    /// </summary>
    private static Effective Resolve(RouteConfig root, IReadOnlyDictionary<string, string> labels)
    {
        var current = new Effective(root.Receiver, root.GroupWait ?? RouteConfig.Defaults.GroupWait,
            root.GroupInterval ?? RouteConfig.Defaults.GroupInterval, root.RepeatInterval ?? RouteConfig.Defaults.RepeatInterval, root.Policy);
        var node = root;
        while (node.Routes.FirstOrDefault(r => LabelMatcher.All(r.Matchers.Select(LabelMatcher.Parse), labels)) is { } child)
        {
            current = new Effective(child.Receiver ?? current.Receiver, child.GroupWait ?? current.GroupWait,
                child.GroupInterval ?? current.GroupInterval, child.RepeatInterval ?? current.RepeatInterval, child.Policy ?? current.Policy);
            node = child;
        }
        return current;
    }
}
