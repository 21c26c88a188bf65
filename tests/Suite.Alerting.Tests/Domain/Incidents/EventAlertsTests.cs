using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Incidents;

namespace Suite.Alerting.Tests.Domain.Incidents;

public sealed class EventAlertsTests
{
    private static CompiledConfig Config(params CompiledRule[] rules) => CompiledConfig.Empty("acme") with { Rules = rules };

    private static CompiledRule Rule(string name, EventTrigger trigger, string severity = "critical") => new(
        name, severity, null, trigger, null, new Dictionary<string, string>(),
        new Dictionary<string, string> { ["team"] = "security", ["severity"] = "ignored" },
        new Dictionary<string, string> { ["summary"] = "{{ $labels.user_id }}{{ $labels.account_id }} at {{ $value:F2 }}" });

    [Fact]
    public void A_threat_at_or_above_the_minimum_action_raises_labelled_alerts()
    {
        var config = Config(Rule("Lockouts", new ThreatDetectedTrigger("lock_account")), Rule("Threats", new ThreatDetectedTrigger()),
            Rule("Churn", new ChurnRiskChangedTrigger()));
        var alert = Assert.Single(EventAlerts.ForThreat(config, "acme", "u1", "require_password_reset", 0.876));
        Assert.Equal("Threats", alert.Rule);
        Assert.Equal(new Dictionary<string, string>
        {
            ["alertname"] = "Threats", ["severity"] = "critical", ["team"] = "security", ["tenant"] = "acme", ["user_id"] = "u1",
        }, alert.Labels);
        Assert.Equal(new Dictionary<string, string> { ["summary"] = "u1 at 0.88", ["value"] = "0.876" }, alert.Annotations);
    }

    [Fact]
    public void Churn_raises_only_on_the_crossing_into_critical()
    {
        var config = Config(Rule("Churn", new ChurnRiskChangedTrigger(), "warning"));
        Assert.Empty(EventAlerts.ForChurn(config, "acme", "acc", "critical", "critical", 0.9));
        var alert = Assert.Single(EventAlerts.ForChurn(config, "acme", "acc", "high", "critical", 0.9));
        Assert.Equal("acc", alert.Labels["account_id"]);
        Assert.Equal("warning", alert.Severity);
        Assert.Equal("acc at 0.90", alert.Annotations["summary"]);
    }
}
