using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class EventTriggerTests
{
    [Theory]
    [InlineData("require_mfa", "allow", false)]
    [InlineData("require_mfa", "require_mfa", true)]
    [InlineData("require_mfa", "lock_account", true)]
    [InlineData("require_password_reset", "require_mfa", false)]
    [InlineData("require_password_reset", "REQUIRE_PASSWORD_RESET", true)]
    [InlineData("lock_account", "lock_account", true)]
    [InlineData("require_mfa", "quarantine", false)]      // unknown action: not assumed severe
    [InlineData("bogus", "lock_account", false)]          // unknown minimum (fails validation) matches nothing
    public void Threat_detected_at_or_above_the_action(string minimum, string action, bool matches) =>
        Assert.Equal(matches, new ThreatDetectedTrigger(minimum).Matches(action));

    [Theory]
    [InlineData("critical", "high", "critical", true)]
    [InlineData("critical", "low", "critical", true)]
    [InlineData("critical", "critical", "critical", false)]   // a re-score, not a change to critical
    [InlineData("critical", "critical", "high", false)]       // an improvement
    [InlineData("critical", null, "critical", true)]          // first score straight into critical
    [InlineData("critical", "", "critical", true)]
    [InlineData("critical", "high", "severe", false)]         // unknown level
    [InlineData("high", "medium", "critical", true)]
    [InlineData("high", "high", "critical", false)]           // already at or above the minimum
    public void Churn_risk_changed_into_the_level(string minimum, string? from, string to, bool matches) =>
        Assert.Equal(matches, new ChurnRiskChangedTrigger(minimum).Matches(from, to));

    [Theory]
    [InlineData(45.0, 39.9, true)]
    [InlineData(40.0, 39.9, true)]      // from exactly 40 (≥ 40) to below
    [InlineData(40.0, 40.0, false)]
    [InlineData(39.0, 30.0, false)]     // already below: no new crossing
    [InlineData(30.0, 45.0, false)]     // recovering
    [InlineData(null, 10.0, false)]     // no previous score: never seen healthy
    public void Health_score_crossing_below_40(double? previous, double current, bool matches) =>
        Assert.Equal(matches, new HealthScoreCrossedTrigger().Matches(previous, current));

    [Fact]
    public void Triggers_name_their_event() =>
        Assert.Equal(
            ["ThreatDetected", "ChurnRiskChanged", "HealthScoreCrossed"],
            new EventTrigger[] { new ThreatDetectedTrigger(), new ChurnRiskChangedTrigger(), new HealthScoreCrossedTrigger() }.Select(t => t.EventType));
}
