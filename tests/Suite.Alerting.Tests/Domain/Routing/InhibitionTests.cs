using Suite.Alerting.Domain.Routing;
using static Suite.Alerting.Tests.Domain.Routing.RoutingTestData;

namespace Suite.Alerting.Tests.Domain.Routing;

public sealed class InhibitionTests
{
    // Alertmanager's docs example: a critical alert mutes the warning of the same alertname (and cluster).
    private static readonly InhibitRule CriticalMutesWarning = new(M("severity=critical"), M("severity=warning"), ["alertname", "cluster"]);

    [Theory]
    [InlineData("alertname=Latency,cluster=eu,severity=warning", "alertname=Latency,cluster=eu,severity=critical", true)]
    [InlineData("alertname=Latency,cluster=eu,severity=warning", "alertname=Latency,cluster=us,severity=critical", false)]  // equal label differs
    [InlineData("alertname=Latency,cluster=eu,severity=warning", "alertname=Errors,cluster=eu,severity=critical", false)]
    [InlineData("alertname=Latency,severity=warning", "alertname=Latency,severity=critical", true)]                         // missing on both = equal
    [InlineData("alertname=Latency,severity=warning", "alertname=Latency,cluster=eu,severity=critical", false)]             // missing on one side
    [InlineData("alertname=Latency,cluster=eu,severity=critical", "alertname=Latency,cluster=eu,severity=critical", false)] // target doesn't match
    [InlineData("alertname=Latency,cluster=eu,severity=warning", "alertname=Latency,cluster=eu,severity=warning", false)]   // source doesn't match
    public void A_matching_source_with_equal_labels_inhibits(string target, string source, bool inhibited) =>
        Assert.Equal(inhibited, Inhibition.IsInhibited(L(target.Split(',')), [L(source.Split(','))], [CriticalMutesWarning]));

    [Fact]
    public void No_firing_alerts_inhibit_nothing() =>
        Assert.False(Inhibition.IsInhibited(L("severity=warning"), [], [CriticalMutesWarning]));

    [Fact]
    public void An_alert_never_inhibits_itself()
    {
        // The alert matches both sides of the rule; it is the only firing alert.
        var rule = new InhibitRule(M("severity=~warning|critical"), M("team=ops"), []);
        var alert = L("severity=warning", "team=ops");
        Assert.False(Inhibition.IsInhibited(alert, [alert], [rule]));
        Assert.True(Inhibition.IsInhibited(alert, [alert, L("severity=critical", "team=db")], [rule]));
    }

    [Fact]
    public void Two_alerts_matching_both_sides_do_not_mute_each_other()
    {
        var rule = new InhibitRule(M("severity=~warning|critical"), M("severity=~warning|critical"), ["alertname"]);
        var warning = L("alertname=A", "severity=warning");
        var critical = L("alertname=A", "severity=critical");
        Assert.False(Inhibition.IsInhibited(warning, [warning, critical], [rule]));
        Assert.False(Inhibition.IsInhibited(critical, [warning, critical], [rule]));
    }

    [Fact]
    public void Any_rule_may_inhibit()
    {
        var other = new InhibitRule(M("alertname=ClusterDown"), M("severity=~.+"), ["cluster"]);
        Assert.True(Inhibition.IsInhibited(
            L("alertname=Latency", "cluster=eu", "severity=info"),
            [L("alertname=ClusterDown", "cluster=eu", "severity=critical")],
            [CriticalMutesWarning, other]));
    }

    [Fact]
    public void Validation_names_the_fields() =>
        Assert.Equal(
            ["source_matchers", "target_matchers", "equal"],
            new InhibitRule([], [], ["bad-name"]).Validate().Select(v => v.Field));
}
