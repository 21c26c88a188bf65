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

    [Theory]
    [InlineData(46.0, 16.0, true)]     // at risk → critical: crossed below 40
    [InlineData(40.0, 39.9, true)]
    [InlineData(39.0, 20.0, false)]    // already below
    [InlineData(75.0, 46.0, false)]    // healthy → at risk: still above 40
    [InlineData(20.0, 46.0, false)]    // recovery
    public void Health_raises_only_when_the_score_crosses_below_40(double previous, double score, bool raises)
    {
        var config = Config(Rule("Critical customer", new HealthScoreCrossedTrigger(), "critical"));
        var alerts = EventAlerts.ForHealth(config, "acme", "acc-7", previous, score);
        Assert.Equal(raises ? 1 : 0, alerts.Count);
        if (raises)
        {
            Assert.Equal(("acc-7", "critical", "Critical customer"), (alerts[0].Labels["account_id"], alerts[0].Labels["severity"], alerts[0].Labels["alertname"]));
        }
    }
}
