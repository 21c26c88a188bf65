using Suite.Alerting.Domain;

namespace Suite.Alerting.Tests.Domain;

public class AlertFingerprintTests
{
    private static readonly Guid RuleId = Guid.Parse("0196f0a4-0000-7000-8000-000000000001");

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Is_stable_and_independent_of_label_order()
    {
        var a = AlertFingerprint.Of("acme", RuleId, Labels(("kpi", "x"), ("domain", "auth")));
        var b = AlertFingerprint.Of("acme", RuleId, Labels(("domain", "auth"), ("kpi", "x")));
        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{16}$", a);
    }

    [Theory]
    [InlineData("globex", "0196f0a4-0000-7000-8000-000000000001", "kpi", "x")]
    [InlineData("acme", "0196f0a4-0000-7000-8000-000000000002", "kpi", "x")]
    [InlineData("acme", "0196f0a4-0000-7000-8000-000000000001", "kpi", "y")]
    [InlineData("acme", "0196f0a4-0000-7000-8000-000000000001", "kpix", "")]
    public void Differs_when_tenant_rule_or_labels_differ(string tenant, string ruleId, string key, string value)
    {
        var reference = AlertFingerprint.Of("acme", RuleId, Labels(("kpi", "x")));
        Assert.NotEqual(reference, AlertFingerprint.Of(tenant, Guid.Parse(ruleId), Labels((key, value))));
    }

    [Fact]
    public void Rule_labels_are_the_kpi_and_filters()
    {
        var rule = new AlertRule(RuleId, "acme", "n", "events_count", new Dictionary<string, string> { ["type"] = "LOGIN" },
            Comparison.Above, 1, 60, AlertSeverity.Info, [], "https://h.example/x", 0, DateTimeOffset.UnixEpoch);
        Assert.Equal(Labels(("kpi", "events_count"), ("type", "LOGIN")), AlertFingerprint.LabelsOf(rule));
        Assert.Equal(AlertFingerprint.Of("acme", RuleId, Labels(("type", "LOGIN"), ("kpi", "events_count"))), AlertFingerprint.Of(rule));
    }
}
