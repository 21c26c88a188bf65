using System.Globalization;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Routing;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Domain.Schedule;

namespace Suite.Alerting.Tests.Domain.Config;

/// <summary>The business example compiled onto the domain types: what the pipeline will actually run.</summary>
public sealed class ConfigCompilerTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "examples", "business-routing.yaml");
    private static readonly Lazy<CompiledConfig> Example = new(() =>
        ConfigCompiler.Compile("acme", 7, AlertingYaml.Parse(File.ReadAllText(ExamplePath))));

    private static CompiledConfig Compile(string yaml) => ConfigCompiler.Compile("t", 1, AlertingYaml.Parse(yaml));

    [Fact]
    public void The_example_passes_every_check()
    {
        Assert.Empty(ConfigCheck.Validate(AlertingYaml.Parse(File.ReadAllText(ExamplePath))));
        Assert.Equal(("acme", 7), (Example.Value.Tenant, Example.Value.Version));
        Assert.Equal(8, Example.Value.Recipients.Count);
        Assert.Equal(["cs-urgent", "eng-ops"], Example.Value.Policies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, Example.Value.Silences.Count);
        Assert.Equal(9, Example.Value.Rules.Count);
    }

    // The six rows of the business table (and the fallback): the route the compiled tree picks, its timing (SLA as
    // repeat_interval) and the escalation policy PolicyFor gives for it.
    [Theory]
    [InlineData("kind=customer_critical,severity=critical,team=success", "root/0", "slack-cs-urgent", "30s", "5m", "24h", "cs-urgent")]
    [InlineData("kind=nps_negative,severity=critical,team=leadership", "root/1", "slack-chairman", "0s", "5m", "24h", null)]
    [InlineData("kind=system_degraded,severity=critical,team=eng", "root/2", "slack-eng-ops", "10s", "5m", "1h", "eng-ops")]
    [InlineData("kind=crm_sync_failure,severity=warning,team=ops", "root/3", "email-ops", "30s", "5m", "4h", null)]
    [InlineData("kind=retention_decline,severity=warning,team=success", "root/4", "slack-cs", "30s", "1d", "1w", null)]
    [InlineData("kind=at_risk_customer,severity=warning,team=success", "root/5", "email-success-team", "1h", "1w", "1w", null)]
    [InlineData("kind=security_threat,severity=critical,team=security", "root", "email-ops", "30s", "5m", "4h", null)]
    public void Business_rows_route_with_their_timing_and_policy(
        string labels, string path, string receiver, string groupWait, string groupInterval, string repeatInterval, string? policy)
    {
        var match = Assert.Single(Example.Value.Routes.Match(Labels(labels)));
        Assert.Equal((path, receiver), (match.Path, match.Receiver));
        Assert.Equal(new GroupTiming(Duration.Parse(groupWait), Duration.Parse(groupInterval), Duration.Parse(repeatInterval)), match.Timing);
        Assert.Equal(policy, Example.Value.PolicyFor(match)?.Name);
        Assert.True(Example.Value.Recipients.ContainsKey(match.Receiver));
    }

    [Fact]
    public void The_weekly_digest_groups_by_tenant_and_kind_and_the_rest_inherit_the_roots_group_by()
    {
        var digest = Assert.Single(Example.Value.Routes.Match(Labels("kind=at_risk_customer,severity=warning")));
        Assert.Equal(["tenant", "kind"], digest.GroupBy);
        var nps = Assert.Single(Example.Value.Routes.Match(Labels("kind=nps_negative,severity=critical")));
        Assert.Equal(["alertname", "tenant"], nps.GroupBy);
    }

    [Fact]
    public void Escalation_policies_compile_with_durations_and_targets()
    {
        var policy = Example.Value.Policies["cs-urgent"];
        Assert.Equal("cs-urgent", policy.Name);
        Assert.Equal(
            [(TimeSpan.Zero, "slack-cs-urgent"), (TimeSpan.FromHours(24), "alice,email-cs-leads")],
            policy.Levels.Select(l => (l.Delay, string.Join(",", l.Targets))));
        Assert.Equal((1, TimeSpan.FromHours(24)), (policy.Repeat, policy.AckTimeout));
        Assert.Empty(policy.Validate());
        var engOps = Example.Value.Policies["eng-ops"];
        Assert.Equal((2, TimeSpan.FromHours(1), TimeSpan.FromHours(1)), (engOps.Repeat, engOps.AckTimeout, engOps.Levels[1].Delay));
    }

    [Fact]
    public void Only_routes_with_a_policy_get_one_in_the_example()
    {
        Assert.Equal(
            ["root/0=cs-urgent", "root/2=eng-ops"],
            Example.Value.RoutePolicies.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_route_without_a_policy_inherits_its_parents()
    {
        var config = Compile("""
            recipients:
              - {name: ops, email: {to: [ops@example.com]}}
            policies:
              - {name: page, levels: [{delay: 0s, targets: [ops]}]}
              - {name: night, levels: [{delay: 5m, targets: [ops]}]}
            routes:
              receiver: ops
              policy: page
              routes:
                - matchers: ['team="db"']
                  routes:
                    - matchers: ['severity="critical"']
                      policy: night
                    - matchers: ['severity="warning"']
                - matchers: ['team="web"']
            """);
        Assert.Equal(
            ["root/0/0=night", "root/0/1=page", "root/0=page", "root/1=page", "root=page"],
            config.RoutePolicies.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
        var critical = Assert.Single(config.Routes.Match(Labels("team=db,severity=critical")));
        Assert.Equal(("root/0/0", "night"), (critical.Path, config.PolicyFor(critical)!.Name));
        var warning = Assert.Single(config.Routes.Match(Labels("team=db,severity=warning")));
        Assert.Equal(("root/0/1", "page"), (warning.Path, config.PolicyFor(warning)!.Name));
    }

    [Fact]
    public void Recipients_get_a_target_per_address_webhook_and_slack()
    {
        var alice = Example.Value.Recipients["alice"];
        Assert.Equal(
            [
                new ChannelTarget(ChannelTarget.Email, "alice@example.com"),
                new ChannelTarget(ChannelTarget.Slack, "https://hooks.slack.com/services/T00000000/B00000005/XXXXXXXXXXXXXXXXXXXXXXXX"),
            ],
            alice.Targets);
        Assert.True(alice.SendResolved);
        Assert.Equal(
            ["email:cs-lead@example.com", "email:head-of-success@example.com"],
            Example.Value.Recipients["email-cs-leads"].Targets.Select(t => $"{t.Channel}:{t.Address}"));
        var chairman = Example.Value.Recipients["slack-chairman"];
        Assert.Null(chairman.QuietHours);

        var hook = Compile("""
            recipients:
              - {name: pager, webhook: {url: 'http://127.0.0.1:9000/hook'}, send_resolved: false}
            routes: {receiver: pager}
            """).Recipients["pager"];
        Assert.Equal([new ChannelTarget(ChannelTarget.Webhook, "http://127.0.0.1:9000/hook")], hook.Targets);
        Assert.False(hook.SendResolved);
    }

    [Fact]
    public void Quiet_hours_come_through_in_the_recipients_zone()
    {
        var cs = Example.Value.Recipients["slack-cs"].QuietHours!;
        Assert.Equal("America/New_York", cs.Zone.Id);
        Assert.Equal(["Mon-Thu 18:00-09:00", "Fri 18:00-24:00", "Sat,Sun 00:00-24:00", "Mon 00:00-09:00"], cs.Windows.Select(w => w.ToString()));
        Assert.Empty(cs.Validate());
        // Saturday noon in New York: held until Monday 09:00 EDT (13:00Z), the end of the chained windows.
        Assert.Equal(Utc("2026-06-15T13:00:00Z"), cs.Decide(Utc("2026-06-13T16:00:00Z"), "warning").HoldUntil);
        Assert.True(cs.Decide(Utc("2026-06-13T16:00:00Z"), "critical").DeliverNow);
        // Wednesday 10:00 EDT: business hours.
        Assert.True(cs.Decide(Utc("2026-06-10T14:00:00Z"), "warning").DeliverNow);

        // Days left out mean every day; 22:00 EDT on a Tuesday is held until 07:00 EDT.
        var alice = Example.Value.Recipients["alice"].QuietHours!;
        Assert.Equal("Mon-Sun 21:00-07:00", Assert.Single(alice.Windows).ToString());
        Assert.Equal(Utc("2026-06-10T11:00:00Z"), alice.Decide(Utc("2026-06-10T02:00:00Z"), "info").HoldUntil);

        // Berlin: a Saturday is held until Monday 08:00 CEST (06:00Z).
        var ops = Example.Value.Recipients["email-ops"].QuietHours!;
        Assert.Equal(("Europe/Berlin", true), (ops.Zone.Id, ops.Bypasses("critical")));
        Assert.Equal(Utc("2026-06-15T06:00:00Z"), ops.Decide(Utc("2026-06-13T10:00:00Z"), "warning").HoldUntil);
    }

    [Fact]
    public void Silences_compile_as_weekly_in_their_zone_or_one_off()
    {
        var weekly = Example.Value.Silences.Single(s => s.Id == "crm-vendor-maintenance");
        var schedule = Assert.IsType<WeeklySchedule>(weekly.Schedule);
        Assert.Equal("Europe/Berlin", schedule.TimeZone);
        Assert.Equal("Sun 02:00-04:00", Assert.Single(schedule.Windows).ToString());
        Assert.Empty(weekly.Validate());
        var crm = Labels("kind=crm_sync_failure,severity=warning");
        // Sunday 02:30 CEST = 00:30Z is inside; 04:30 CEST = 02:30Z is not; 02:30Z on a Saturday is not.
        Assert.True(weekly.Matches(crm, Utc("2026-06-07T00:30:00Z")));
        Assert.False(weekly.Matches(crm, Utc("2026-06-07T02:30:00Z")));
        Assert.False(weekly.Matches(crm, Utc("2026-06-06T00:30:00Z")));
        Assert.False(weekly.Matches(Labels("kind=system_degraded"), Utc("2026-06-07T00:30:00Z")));

        var oneOff = Example.Value.Silences.Single(s => s.Id == "dwh-migration-2026-06");
        Assert.Equal(new OneOffSchedule(Utc("2026-06-06T20:00:00Z"), Utc("2026-06-07T04:00:00Z")), oneOff.Schedule);
        Assert.Equal(["kind=\"system_degraded\"", "team=\"ops\""], oneOff.Matchers.Select(m => m.ToString()));
        Assert.Null(oneOff.ExpiresAt);
        Assert.True(oneOff.Matches(Labels("kind=system_degraded,team=ops"), Utc("2026-06-07T03:59:59Z")));
        Assert.False(oneOff.Matches(Labels("kind=system_degraded,team=ops"), Utc("2026-06-07T04:00:00Z")));
    }

    [Fact]
    public void Inhibit_rules_compile_to_matchers_and_equal_labels()
    {
        var rule = Assert.Single(Example.Value.Inhibitions);
        Assert.Equal(["tenant"], rule.Equal);
        Assert.Empty(rule.Validate());
        var degraded = Labels("kind=system_degraded,severity=critical,tenant=acme");
        Assert.True(Inhibition.IsInhibited(Labels("kind=crm_sync_failure,tenant=acme"), [degraded], Example.Value.Inhibitions));
        Assert.False(Inhibition.IsInhibited(Labels("kind=crm_sync_failure,tenant=other"), [degraded], Example.Value.Inhibitions));
    }

    [Fact]
    public void Rules_compile_to_conditions_and_triggers_with_defaults_filled_in()
    {
        var rules = Example.Value.Rules.ToDictionary(r => r.Name);
        var nps = rules["nps-negative"];
        Assert.Equal(new ThresholdCondition(Comparison.Below, 0, TimeSpan.Zero), nps.Condition);
        Assert.Equal(("nps", "critical", TimeSpan.FromDays(1), 0L), (nps.Kpi, nps.Severity, nps.Window, nps.MinSamples));
        Assert.Equal("nps_negative", nps.Labels["kind"]);

        var errors = rules["api-error-rate-high"];
        Assert.Equal(new ThresholdCondition(Comparison.Above, 0.05, TimeSpan.FromMinutes(5)), errors.Condition);
        Assert.Equal((TimeSpan.FromMinutes(5), 100L), (errors.Window, errors.MinSamples));
        Assert.Equal("https://wiki.example.com/runbooks/error-rate", errors.Annotations["runbook_url"]);

        var latency = rules["api-latency-anomaly"];
        Assert.Equal(new ZScoreCondition(60, 3), latency.Condition);
        Assert.Equal(TimeSpan.FromMinutes(1), latency.Step);

        Assert.Equal(new AbsenceCondition(TimeSpan.FromHours(26)), rules["ingestion-stopped"].Condition);
        Assert.Equal(new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Decline, 15), rules["retention-decline-mom"].Condition);

        Assert.Equal(new HealthScoreCrossedTrigger(40), rules["customer-health-critical"].Trigger);
        Assert.Equal(new ChurnRiskChangedTrigger("critical"), rules["churn-risk-critical"].Trigger);
        Assert.Equal(new ThreatDetectedTrigger("lock_account"), rules["account-takeover"].Trigger);
        Assert.All(rules.Values.Where(r => r.Trigger is not null), r => Assert.Equal((null, null), (r.Condition, r.Kpi)));
        Assert.Empty(rules["account-takeover"].Filters);
    }

    [Fact]
    public void Other_rule_kinds_take_their_defaults()
    {
        var config = Compile("""
            recipients: [{name: ops, email: {to: [ops@example.com]}}]
            routes: {receiver: ops}
            rules:
              - {name: c, severity: info, kpi: k, anomaly: {method: cusum, window: 30, k: 0.5}}
              - {name: t, severity: info, kpi: k, anomaly: {method: tukey, window: 20}}
              - {name: g, severity: info, kpi: k, filters: {plan: pro}, target: {value: 100, percent_below: 10}}
              - {name: m, severity: info, event: {type: threat_detected}}
            """);
        var rules = config.Rules.ToDictionary(r => r.Name);
        Assert.Equal(new CusumCondition(30, 0.5), rules["c"].Condition);
        Assert.Equal(TimeSpan.FromHours(1), rules["c"].Step);
        Assert.Equal(new TukeyCondition(20, TukeyCondition.Outlier), rules["t"].Condition);
        Assert.Equal(new TargetCondition(100, 10), rules["g"].Condition);
        Assert.Equal((TimeSpan.FromDays(1), "pro"), (rules["g"].Window!.Value, rules["g"].Filters["plan"]));
        Assert.Equal(new ThreatDetectedTrigger("require_mfa"), rules["m"].Trigger);
    }

    [Theory]
    [InlineData("Mon-Fri 22:00-07:00")]
    [InlineData("Sat,Sun 00:00-24:00")]
    [InlineData("Fri-Mon 20:00-08:00")]
    [InlineData("Wed 18:00-00:00")]
    public void Windows_convert_to_what_WeeklyWindow_parses(string text) =>
        Assert.Equal(WeeklyWindow.Parse(text), ConfigCompiler.ToWindow(text));

    [Fact]
    public void The_domain_checks_catch_what_the_document_validation_cannot()
    {
        var doc = AlertingYaml.Parse("""
            recipients:
              - name: ops
                email: {to: [ops@example.com]}
                quiet_hours: ["Mon-Fri 00:00-24:00", "Sat,Sun 00:00-24:00"]
            routes: {receiver: ops}
            silences:
              - {name: all, matchers: ['team=~".*"'], starts_at: '2026-01-01T00:00:00Z', ends_at: '2026-01-02T00:00:00Z'}
            rules:
              - name: r
                severity: info
                kpi: k
                annotations: {summary: 'value {{ $value:X9 }} for {{ $labels.team'}
                anomaly: {method: zscore, window: 20000, k: 3}
            """);
        Assert.Empty(AlertingDocumentValidation.Validate(doc));
        Assert.Equal(
            [
                "recipients[0].quiet_hours",
                "silences[0].matchers",
                "rules[0].anomaly",
                "rules[0].annotations.summary",
                "rules[0].annotations.summary",
            ],
            ConfigCheck.Validate(doc).Select(e => e.Path));
    }

    [Fact]
    public void Document_errors_are_reported_before_the_domain_checks()
    {
        var doc = AlertingYaml.Parse("""
            recipients: [{name: ops, email: {to: [ops@example.com]}}]
            routes: {receiver: pager}
            """);
        var error = Assert.Single(ConfigCheck.Validate(doc));
        Assert.Equal(("routes.receiver", "unknown receiver 'pager' (not in recipients)"), (error.Path, error.Message));
    }

    private static Dictionary<string, string> Labels(string text) =>
        text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
