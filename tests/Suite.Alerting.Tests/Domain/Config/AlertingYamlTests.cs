using System.Text.Json;
using Suite.Alerting.Configuration.Yaml;

namespace Suite.Alerting.Tests.Domain.Config;

public sealed class AlertingYamlTests
{
    private static IReadOnlyList<ConfigError> ParseErrors(string yaml)
    {
        Assert.False(AlertingYaml.TryParse(yaml, out var document, out var errors));
        Assert.Null(document);
        return errors;
    }

    [Fact]
    public void An_unknown_key_is_an_error_with_its_path_and_position()
    {
        const string yaml = """
            routes:
              receiver: ops
              routes:
                - receiver: ops
                - receiver: ops
                - recievers: ops
            """;
        var ex = Assert.Throws<AlertingYamlException>(() => AlertingYaml.Parse(yaml));
        Assert.Equal([new ConfigError("routes.routes[2].recievers", "unknown key, did you mean 'receiver'?", 6, 7)], ex.Errors);
        Assert.Equal(
            "invalid alerting configuration: routes.routes[2].recievers: unknown key, did you mean 'receiver'? (line 6, column 7)",
            ex.Message);
    }

    [Theory]
    [InlineData("recipient: []", "recipient", "unknown key, did you mean 'recipients'?", 1, 1)]
    [InlineData("colour: red", "colour", "unknown key", 1, 1)]
    [InlineData("rules:\n  - name: r\n    threshold:\n      op: above\n      treshold: 3", "rules[0].threshold.treshold", "unknown key", 5, 7)]
    [InlineData("rules:\n  - name: r\n    threshold: {op: above, vaule: 3}", "rules[0].threshold.vaule", "unknown key, did you mean 'value'?", 3, 28)]
    [InlineData("recipients: {name: x}", "recipients", "expected a list, found a mapping", 1, 13)]
    [InlineData("routes: [receiver]", "routes", "expected a mapping, found a list", 1, 9)]
    [InlineData("routes: {group_by: team}", "routes.group_by", "expected a list, found a single value", 1, 20)]
    [InlineData("routes: {receiver: [a, b]}", "routes.receiver", "expected a text value, found a list", 1, 20)]
    [InlineData("policies: [{name: p, repeat: many}]", "policies[0].repeat", "'many' is not a whole number", 1, 30)]
    [InlineData("policies: [{name: p, repeat: 1.5}]", "policies[0].repeat", "'1.5' is not a whole number", 1, 30)]
    [InlineData("rules: [{name: r, threshold: {value: high}}]", "rules[0].threshold.value", "'high' is not a number", 1, 38)]
    [InlineData("routes: {continue: maybe}", "routes.continue", "'maybe' is not true or false", 1, 20)]
    [InlineData("rules: [{name: r, labels: {team: [a]}}]", "rules[0].labels.team", "expected a text value, found a list", 1, 34)]
    [InlineData("recipients: [~]", "recipients[0]", "a value is required here, not null", 1, 14)]
    [InlineData("recipients:", "recipients", "a value is required here, not null", 1, 12)]
    [InlineData("- a\n- b", "", "expected a mapping, found a list", 1, 1)]
    public void Shape_errors_name_the_path(string yaml, string path, string message, int line, int column) =>
        Assert.Equal([new ConfigError(path, message, line, column)], ParseErrors(yaml));

    [Fact]
    public void Every_shape_error_is_reported_at_once()
    {
        var errors = ParseErrors("routes: {recevier: a, group_wait: [1]}\nsilencs: []");
        Assert.Equal(["routes.recevier", "routes.group_wait", "silencs"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_syntax_error_has_a_position()
    {
        var error = Assert.Single(ParseErrors("routes:\n  receiver: [ops\n"));
        Assert.Equal("", error.Path);
        Assert.NotNull(error.Line);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Fact]
    public void A_duplicate_key_is_an_error()
    {
        var error = Assert.Single(ParseErrors("routes:\n  receiver: a\n  receiver: b\n"));
        Assert.Contains("uplicate key", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Several_documents_are_an_error() =>
        Assert.Equal([new ConfigError("", "expected one YAML document, found several", 3, 1)], ParseErrors("rules: []\n---\nrules: []\n"));

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~")]
    public void An_empty_document_reads_as_empty(string yaml)
    {
        var document = AlertingYaml.Parse(yaml);
        Assert.Null(document.Routes);
        Assert.Empty(document.Recipients);
        Assert.Empty(document.Rules);
    }

    [Fact]
    public void Parses_values_into_the_records()
    {
        var document = AlertingYaml.Parse("""
            recipients:
              - name: eng
                slack: {webhook_url: "https://hooks.slack.com/x", channel: "#eng"}
                quiet_hours: ["Mon-Fri 22:00-07:00"]
            routes:
              receiver: eng
              routes:
                - matchers: ['team=~"ops|eng"']
                  continue: true
                  group_wait: 0s
            rules:
              - name: r
                severity: warning
                kpi: nps
                labels: {team: eng, kind: nps_negative}
                threshold: {op: below, value: -1.5e1, for: 5m, min_samples: 30}
            """);
        Assert.Equal(new SlackConfig { WebhookUrl = "https://hooks.slack.com/x", Channel = "#eng" }, document.Recipients[0].Slack);
        Assert.Equal(["Mon-Fri 22:00-07:00"], document.Recipients[0].QuietHours);
        var child = Assert.Single(document.Routes!.Routes);
        Assert.Equal(["team=~\"ops|eng\""], child.Matchers);
        Assert.True(child.Continue);
        Assert.Equal("0s", child.GroupWait);
        Assert.Null(child.Receiver);
        var rule = Assert.Single(document.Rules);
        Assert.Equal(["team", "kind"], rule.Labels.Keys);
        Assert.Equal(new ThresholdConfig { Op = "below", Value = -15, For = "5m", MinSamples = 30 }, rule.Threshold);
        Assert.Equal(["threshold"], rule.Kinds);
    }

    [Fact]
    public void Writes_only_what_is_set() =>
        Assert.Equal(
            "routes:\n  receiver: ops\n  group_wait: 0s\n  routes:\n  - matchers:\n    - team=\"eng\"\n    continue: true\n",
            AlertingYaml.Write(new AlertingDocument
            {
                Routes = new RouteConfig
                {
                    Receiver = "ops",
                    GroupWait = "0s",
                    Routes = [new RouteConfig { Matchers = ["team=\"eng\""], Continue = true }],
                },
            }).ReplaceLineEndings("\n"));

    public static TheoryData<string> Documents => new()
    {
        "empty",
        "every field",
        "awkward strings",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Round_trips_structurally(string name)
    {
        var document = name switch
        {
            "empty" => new AlertingDocument(),
            "every field" => EveryField(),
            _ => AwkwardStrings(),
        };
        var yaml = AlertingYaml.Write(document);
        var parsed = AlertingYaml.Parse(yaml);
        Assert.Equal(Structure(document), Structure(parsed));
        Assert.Equal(yaml, AlertingYaml.Write(parsed));
    }

    /// <summary>Records compare lists by reference; JSON of the whole tree compares them by content.</summary>
    internal static string Structure(AlertingDocument document) =>
        JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });

    private static AlertingDocument EveryField() => new()
    {
        Recipients =
        [
            new RecipientConfig
            {
                Name = "alice",
                Email = new EmailConfig { To = ["alice@example.com", "backup@example.com"] },
                Slack = new SlackConfig { WebhookUrl = "https://hooks.slack.com/services/T/B/X", Channel = "@alice" },
                Webhook = new WebhookConfig { Url = "http://127.0.0.1:9000/hook" },
                TimeZone = "America/New_York",
                QuietHours = ["Mon-Fri 22:00-07:00", "Sat,Sun 00:00-24:00"],
                BypassSeverities = ["critical"],
                SendResolved = false,
            },
        ],
        Policies =
        [
            new PolicyConfig
            {
                Name = "page",
                Levels = [new LevelConfig { Delay = "0s", Targets = ["alice"] }, new LevelConfig { Delay = "1h30m", Targets = ["alice"] }],
                Repeat = 2,
                AckTimeout = "4h",
            },
        ],
        Routes = new RouteConfig
        {
            Receiver = "alice",
            GroupBy = ["alertname", "tenant"],
            GroupWait = "30s",
            GroupInterval = "5m",
            RepeatInterval = "4h",
            Policy = "page",
            Routes =
            [
                new RouteConfig { Matchers = ["severity=\"critical\"", "team=~\"ops|eng\""], Continue = true, GroupBy = ["..."] },
                new RouteConfig { Matchers = ["kind!~\"digest.*\""], Routes = [new RouteConfig { Receiver = "alice", RepeatInterval = "1w" }] },
            ],
        },
        InhibitRules = [new InhibitRuleConfig { SourceMatchers = ["severity=\"critical\""], TargetMatchers = ["severity=\"warning\""], Equal = ["tenant"] }],
        Silences =
        [
            new SilenceConfig { Name = "once", Matchers = ["team=\"ops\""], StartsAt = "2026-03-01T00:00:00Z", EndsAt = "2026-03-01T02:00:00+01:00", CreatedBy = "me", Comment = "deploy: db" },
            new SilenceConfig { Name = "weekly", Matchers = ["team=\"ops\""], TimeZone = "Europe/Berlin", Windows = ["Sun 02:00-04:00"], ExpiresAt = "2027-01-01T00:00:00Z" },
        ],
        Rules =
        [
            new RuleConfig
            {
                Name = "threshold", Severity = "critical", Kpi = "error_rate",
                Filters = new Dictionary<string, string> { ["country"] = "DE" },
                Labels = new Dictionary<string, string> { ["team"] = "eng", ["kind"] = "system_degraded" },
                Annotations = new Dictionary<string, string> { ["summary"] = "Errors at {{ $value }}", ["runbook_url"] = "https://wiki/x" },
                Threshold = new ThresholdConfig { Op = "above", Value = 0.05, For = "5m", Window = "10m", MinSamples = 100 },
            },
            new RuleConfig { Name = "change", Severity = "warning", Kpi = "retention_rate", Change = new ChangeConfig { Direction = "decline", Percent = 15, Period = "30d" } },
            new RuleConfig { Name = "zscore", Severity = "info", Kpi = "k", Anomaly = new AnomalyConfig { Method = "zscore", Window = 60, Step = "1m", K = 3 } },
            new RuleConfig { Name = "cusum", Severity = "info", Kpi = "k", Anomaly = new AnomalyConfig { Method = "cusum", Window = 30, K = 0.5, H = 2.5 } },
            new RuleConfig { Name = "tukey", Severity = "info", Kpi = "k", Anomaly = new AnomalyConfig { Method = "tukey", Window = 20, Fence = 3.0 } },
            new RuleConfig { Name = "target", Severity = "info", Kpi = "k", Target = new TargetConfig { Value = 1000, PercentBelow = 12.5, Window = "1d" } },
            new RuleConfig { Name = "absence", Severity = "warning", Kpi = "k", Absence = new AbsenceConfig { For = "26h" } },
            new RuleConfig { Name = "event", Severity = "critical", Event = new EventConfig { Type = "threat_detected", MinAction = "lock_account" } },
        ],
    };

    /// <summary>Strings YAML would read as something else unless the writer quotes them.</summary>
    private static AlertingDocument AwkwardStrings() => new()
    {
        Recipients =
        [
            new RecipientConfig { Name = "true", Slack = new SlackConfig { WebhookUrl = "https://x/y?a=1&b=#2", Channel = "#general" } },
            new RecipientConfig { Name = "0", Email = new EmailConfig { To = ["null@example.com"] }, TimeZone = "null" },
        ],
        Routes = new RouteConfig { Receiver = "~", GroupWait = "0" },
        Silences = [new SilenceConfig { Name = "yes", Matchers = ["a=\"b: c\"", "x!=''"], Comment = "line one\nline two: 'quoted' \"double\"", StartsAt = "2026-03-01", EndsAt = "12:30" }],
        Rules =
        [
            new RuleConfig
            {
                Name = "- dash [brackets] {braces}: colon",
                Severity = "@at",
                Labels = new Dictionary<string, string> { ["empty"] = "", ["number"] = "1e3", ["bool"] = "false", ["star"] = "*" },
                Annotations = new Dictionary<string, string> { ["summary"] = "  leading and trailing spaces  ", ["unicode"] = "Grüße ✓" },
                Threshold = new ThresholdConfig { Op = "above", Value = double.MaxValue },
            },
        ],
    };
}
