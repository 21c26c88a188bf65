using Suite.Alerting.Configuration.Yaml;

namespace Suite.Alerting.Tests.Domain.Config;

/// <summary>
/// One bad thing per case, added to a document that is valid on its own: exactly that one error comes back, with
/// the path as the YAML spells it. Cases are YAML flow-style one-liners so they read like the config they test.
/// </summary>
public sealed class ValidationTests
{
    // recipients[0], [1]
    private const string Recipients =
        "{name: ops, email: {to: [ops@example.com]}}, " +
        "{name: eng, slack: {webhook_url: 'https://hooks.slack.com/services/T/B/X', channel: '#eng'}, time_zone: Europe/Berlin, " +
        "quiet_hours: ['Mon-Fri 22:00-07:00'], bypass_severities: [critical]}";

    // policies[0]
    private const string Policies = "{name: page, levels: [{delay: 0s, targets: [eng]}, {delay: 1h, targets: [ops]}], repeat: 1, ack_timeout: 1h}";

    private const string Routes = "{receiver: ops, group_wait: 30s, routes: [{matchers: [team=eng], receiver: eng, policy: page}]}";

    // inhibit_rules[0]
    private const string InhibitRules = "{source_matchers: [severity=critical], target_matchers: [severity=warning], equal: [tenant]}";

    // silences[0], [1]
    private const string Silences =
        "{name: maint, matchers: [team=ops], time_zone: Europe/Berlin, windows: ['Sun 02:00-04:00']}, " +
        "{name: once, matchers: [team=eng], starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-01T02:00:00+01:00'}";

    // rules[0]
    private const string Rules = "{name: errors, severity: critical, kpi: error_rate, labels: {team: eng}, threshold: {op: above, value: 0.05, for: 5m}}";

    private static readonly Dictionary<string, string> Sections = new()
    {
        ["recipients"] = Recipients,
        ["policies"] = Policies,
        ["inhibit_rules"] = InhibitRules,
        ["silences"] = Silences,
        ["rules"] = Rules,
    };

    /// <summary>The valid document, with <paramref name="extra"/> appended to the list <paramref name="section"/>.</summary>
    private static string Document(string? section = null, string? extra = null, string routes = Routes) =>
        string.Join("\n", Sections.Select(s => $"{s.Key}: [{s.Value}{(s.Key == section ? ", " + extra : "")}]"))
        + (routes.Length == 0 ? "" : "\nroutes: " + routes) + "\n";

    private static IReadOnlyList<ConfigError> Errors(string yaml) =>
        AlertingDocumentValidation.Validate(AlertingYaml.Parse(yaml));

    [Fact]
    public void The_base_document_is_valid() => Assert.Empty(Errors(Document()));

    [Theory]
    [InlineData("recipients", "{name: local, slack: {webhook_url: 'http://127.0.0.1:8080/hook'}}")]
    [InlineData("recipients", "{name: local, slack: {webhook_url: 'http://localhost/hook', channel: '@alice'}}")]
    [InlineData("recipients", "{name: w, webhook: {url: 'http://hooks.internal:9000/alerts'}}")]
    [InlineData("recipients", "{name: tz, email: {to: [a@example.com]}, time_zone: America/New_York}")]
    [InlineData("recipients", "{name: tz, email: {to: [a@example.com]}, time_zone: UTC}")]
    [InlineData("recipients", "{name: q, email: {to: [a@example.com]}, quiet_hours: ['Mon-Fri 22:00-07:00', 'Sat 07:00-09:00']}")]
    [InlineData("recipients", "{name: q, email: {to: [a@example.com]}, quiet_hours: ['Sat,Sun 00:00-24:00', 'Mon-Fri 00:00-24:00']}")]
    [InlineData("policies", "{name: p2, levels: [{delay: 5m, targets: [ops]}]}")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: UTC, windows: ['Sat 22:00-02:00', 'Sun 02:00-03:00'], expires_at: '2027-01-01T00:00:00.5-05:00'}")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, change: {direction: increase, percent: 100, period: 30d}}")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: cusum, window: 2, k: 0.5, h: 2.5}}")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: tukey, window: 20, fence: 3.0}}")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, target: {value: 1000, percent_below: 20, window: 30d}}")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, absence: {for: 26h}}")]
    [InlineData("rules", "{name: 'Any text: even spaces', severity: info, event: {type: threat_detected, min_action: require_mfa}}")]
    public void Valid_additions(string section, string extra) => Assert.Empty(Errors(Document(section, extra)));

    [Theory]
    // recipients
    [InlineData("recipients", "{email: {to: [x@example.com]}}", "recipients[2].name", "required")]
    [InlineData("recipients", "{name: 'bad name', email: {to: [x@example.com]}}", "recipients[2].name", "'bad name' must be letters, digits, '-', '_' or '.' (e.g. slack-eng-ops)")]
    [InlineData("recipients", "{name: ops, email: {to: [x@example.com]}}", "recipients[2].name", "duplicate name 'ops' (first at recipients[0])")]
    [InlineData("recipients", "{name: x}", "recipients[2]", "needs at least one of email, slack, webhook")]
    [InlineData("recipients", "{name: x, email: {to: []}}", "recipients[2].email.to", "needs at least one address")]
    [InlineData("recipients", "{name: x, email: {to: [ops@example.com, not-an-address]}}", "recipients[2].email.to[1]", "'not-an-address' is not an email address")]
    [InlineData("recipients", "{name: x, slack: {webhook_url: 'http://hooks.slack.com/x'}}", "recipients[2].slack.webhook_url", "'http://hooks.slack.com/x' must be an https URL (http only for localhost)")]
    [InlineData("recipients", "{name: x, slack: {webhook_url: 'hooks.slack.com/x'}}", "recipients[2].slack.webhook_url", "'hooks.slack.com/x' must be an https URL (http only for localhost)")]
    [InlineData("recipients", "{name: x, slack: {channel: '#ops'}}", "recipients[2].slack.webhook_url", "required")]
    [InlineData("recipients", "{name: x, slack: {webhook_url: 'https://h.example.com/x', channel: general}}", "recipients[2].slack.channel", "'general' must start with # (channel) or @ (person)")]
    [InlineData("recipients", "{name: x, webhook: {url: 'ftp://example.com/x'}}", "recipients[2].webhook.url", "'ftp://example.com/x' must be an absolute http or https URL")]
    [InlineData("recipients", "{name: x, webhook: {}}", "recipients[2].webhook.url", "required")]
    [InlineData("recipients", "{name: x, email: {to: [x@example.com]}, time_zone: Mars/Olympus}", "recipients[2].time_zone", "unknown time zone 'Mars/Olympus' (use an IANA id such as Europe/Berlin)")]
    [InlineData("recipients", "{name: x, email: {to: [x@example.com]}, time_zone: Eastern Standard Time}", "recipients[2].time_zone", "unknown time zone 'Eastern Standard Time' (use an IANA id such as Europe/Berlin)")]
    [InlineData("recipients", "{name: x, email: {to: [x@example.com]}, quiet_hours: ['Mon-Fri 22:00-22:00']}", "recipients[2].quiet_hours[0]", "'Mon-Fri 22:00-22:00' is empty: start equals end")]
    [InlineData("recipients", "{name: x, email: {to: [x@example.com]}, quiet_hours: ['Mon-Fri 22:00-07:00', 'Sat 06:00-08:00']}", "recipients[2].quiet_hours[1]", "'Sat 06:00-08:00' overlaps 'Mon-Fri 22:00-07:00' (quiet_hours[0])")]
    [InlineData("recipients", "{name: x, email: {to: [x@example.com]}, quiet_hours: ['Mon-Fri 25:00-07:00']}", "recipients[2].quiet_hours[0]", "'Mon-Fri 25:00-07:00': '25:00' is not a time of day (00:00 to 23:59, or 24:00 as the end)")]
    [InlineData("recipients", "{name: x, email: {to: [x@example.com]}, bypass_severities: [urgent]}", "recipients[2].bypass_severities[0]", "'urgent' is not a severity (info, warning, critical)")]
    [InlineData("recipients", "{name: x, email: {to: [x@example.com]}, bypass_severities: [critical, critical]}", "recipients[2].bypass_severities[1]", "'critical' is listed twice")]
    // policies
    [InlineData("policies", "{name: page, levels: [{delay: 0s, targets: [ops]}]}", "policies[1].name", "duplicate name 'page' (first at policies[0])")]
    [InlineData("policies", "{name: p2, levels: []}", "policies[1].levels", "needs at least one level")]
    [InlineData("policies", "{name: p2}", "policies[1].levels", "needs at least one level")]
    [InlineData("policies", "{name: p2, levels: [{targets: [ops]}]}", "policies[1].levels[0].delay", "required")]
    [InlineData("policies", "{name: p2, levels: [{delay: 5m, targets: [ops]}, {delay: 0s, targets: [eng]}]}", "policies[1].levels[1].delay", "must be greater than zero")]
    [InlineData("policies", "{name: p2, levels: [{delay: 5 minutes, targets: [ops]}]}", "policies[1].levels[0].delay", "'5 minutes' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("policies", "{name: p2, levels: [{delay: -5m, targets: [ops]}]}", "policies[1].levels[0].delay", "'-5m': negative durations are not allowed")]
    [InlineData("policies", "{name: p2, levels: [{delay: 0s, targets: []}]}", "policies[1].levels[0].targets", "needs at least one target")]
    [InlineData("policies", "{name: p2, levels: [{delay: 0s, targets: [nobody]}]}", "policies[1].levels[0].targets[0]", "unknown recipient 'nobody'")]
    [InlineData("policies", "{name: p2, levels: [{delay: 0s, targets: [ops, ops]}]}", "policies[1].levels[0].targets[1]", "'ops' is listed twice")]
    [InlineData("policies", "{name: p2, levels: [{delay: 0s, targets: [ops]}], repeat: -1}", "policies[1].repeat", "must not be negative")]
    [InlineData("policies", "{name: p2, levels: [{delay: 0s, targets: [ops]}], ack_timeout: 0s}", "policies[1].ack_timeout", "must be greater than zero")]
    // inhibit rules
    [InlineData("inhibit_rules", "{target_matchers: [team=ops]}", "inhibit_rules[1].source_matchers", "needs at least one matcher")]
    [InlineData("inhibit_rules", "{source_matchers: [team=ops]}", "inhibit_rules[1].target_matchers", "needs at least one matcher")]
    [InlineData("inhibit_rules", "{source_matchers: [team=ops], target_matchers: [team]}", "inhibit_rules[1].target_matchers[0]", "'team' is not a matcher (name=value, name!=value, name=~regex, name!~regex)")]
    [InlineData("inhibit_rules", "{source_matchers: [a=b], target_matchers: [c=d], equal: [1x]}", "inhibit_rules[1].equal[0]", "'1x' is not a label name")]
    [InlineData("inhibit_rules", "{source_matchers: [a=b], target_matchers: [c=d], equal: [tenant, tenant]}", "inhibit_rules[1].equal[1]", "'tenant' is listed twice")]
    // silences
    [InlineData("silences", "{name: maint, matchers: [a=b], time_zone: UTC, windows: ['Sun 02:00-04:00']}", "silences[2].name", "duplicate name 'maint' (first at silences[0])")]
    [InlineData("silences", "{name: s, matchers: [], starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-02T00:00:00Z'}", "silences[2].matchers", "needs at least one matcher (a silence without matchers would mute everything)")]
    [InlineData("silences", "{name: s, matchers: [a=b], starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-01T00:00:00Z'}", "silences[2].ends_at", "must be after starts_at")]
    [InlineData("silences", "{name: s, matchers: [a=b], starts_at: '2026-03-01T02:00:00+01:00', ends_at: '2026-03-01T00:30:00Z'}", "silences[2].ends_at", "must be after starts_at")]
    [InlineData("silences", "{name: s, matchers: [a=b], starts_at: '2026-03-01 00:00', ends_at: '2026-03-02T00:00:00Z'}", "silences[2].starts_at", "'2026-03-01 00:00' is not an RFC 3339 timestamp with an offset (e.g. 2026-03-01T02:00:00Z)")]
    [InlineData("silences", "{name: s, matchers: [a=b], starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-02T00:00:00'}", "silences[2].ends_at", "'2026-03-02T00:00:00' is not an RFC 3339 timestamp with an offset (e.g. 2026-03-01T02:00:00Z)")]
    [InlineData("silences", "{name: s, matchers: [a=b], starts_at: '2026-03-01T00:00:00Z'}", "silences[2].ends_at", "required")]
    [InlineData("silences", "{name: s, matchers: [a=b]}", "silences[2]", "needs starts_at and ends_at (one-off) or windows with time_zone (recurring)")]
    [InlineData("silences", "{name: s, matchers: [a=b], starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-02T00:00:00Z', windows: ['Sun 02:00-04:00'], time_zone: UTC}", "silences[2]", "either starts_at/ends_at (one-off) or windows with time_zone (recurring), not both")]
    [InlineData("silences", "{name: s, matchers: [a=b], starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-02T00:00:00Z', expires_at: '2026-04-01T00:00:00Z'}", "silences[2].expires_at", "only for recurring silences (a one-off silence ends at ends_at)")]
    [InlineData("silences", "{name: s, matchers: [a=b], windows: ['Sun 02:00-04:00']}", "silences[2].time_zone", "required for recurring windows")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: Europe/Berlin}", "silences[2].windows", "needs at least one window")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: Europe/Berlin, windows: ['Sun 02:00-04:00'], expires_at: tomorrow}", "silences[2].expires_at", "'tomorrow' is not an RFC 3339 timestamp with an offset (e.g. 2026-03-01T02:00:00Z)")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: Europe/Berlin, windows: ['Sat 22:00-02:00', 'Sun 01:00-03:00']}", "silences[2].windows[1]", "'Sun 01:00-03:00' overlaps 'Sat 22:00-02:00' (windows[0])")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: Europe/Berlin, windows: ['Sun 23:00-01:00', 'Mon 00:30-02:00']}", "silences[2].windows[1]", "'Mon 00:30-02:00' overlaps 'Sun 23:00-01:00' (windows[0])")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: Europe/Berlin, windows: ['Sun 02:00-02:00']}", "silences[2].windows[0]", "'Sun 02:00-02:00' is empty: start equals end")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: Europe/Berlin, windows: ['Sunday 02:00-04:00']}", "silences[2].windows[0]", "'Sunday 02:00-04:00': 'Sunday' is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)")]
    [InlineData("silences", "{name: s, matchers: [a=b], time_zone: Berlin, windows: ['Sun 02:00-04:00']}", "silences[2].time_zone", "unknown time zone 'Berlin' (use an IANA id such as Europe/Berlin)")]
    // rules: common fields
    [InlineData("rules", "{severity: info, kpi: k, absence: {for: 1h}}", "rules[1].name", "required")]
    [InlineData("rules", "{name: errors, severity: info, kpi: k, absence: {for: 1h}}", "rules[1].name", "duplicate name 'errors' (first at rules[0])")]
    [InlineData("rules", "{name: r, kpi: k, absence: {for: 1h}}", "rules[1].severity", "required")]
    [InlineData("rules", "{name: r, severity: urgent, kpi: k, absence: {for: 1h}}", "rules[1].severity", "'urgent' is not a severity (info, warning, critical)")]
    [InlineData("rules", "{name: r, severity: info, kpi: k}", "rules[1]", "needs one condition: threshold, change, anomaly, target, absence or event")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, threshold: {op: above, value: 1}, absence: {for: 1h}}", "rules[1]", "has several conditions (threshold, absence); a rule has exactly one")]
    [InlineData("rules", "{name: r, severity: info, threshold: {op: above, value: 1}}", "rules[1].kpi", "required for a threshold rule")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, event: {type: churn_risk_critical}}", "rules[1].kpi", "not used by event rules")]
    [InlineData("rules", "{name: r, severity: info, filters: {country: DE}, event: {type: churn_risk_critical}}", "rules[1].filters", "not used by event rules")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, labels: {severity: critical}, absence: {for: 1h}}", "rules[1].labels.severity", "set from the rule's severity")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, labels: {alertname: x}, absence: {for: 1h}}", "rules[1].labels.alertname", "set from the rule's name")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, labels: {bad-name: x}, absence: {for: 1h}}", "rules[1].labels.bad-name", "'bad-name' is not a label name")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, annotations: {run book: x}, absence: {for: 1h}}", "rules[1].annotations.run book", "'run book' is not a label name")]
    // rules: threshold
    [InlineData("rules", "{name: r, severity: info, kpi: k, threshold: {op: over, value: 1}}", "rules[1].threshold.op", "'over' must be above or below")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, threshold: {op: above}}", "rules[1].threshold.value", "required")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, threshold: {op: above, value: 1, for: -1m}}", "rules[1].threshold.for", "'-1m': negative durations are not allowed")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, threshold: {op: above, value: 1, window: 0s}}", "rules[1].threshold.window", "must be greater than zero")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, threshold: {op: above, value: 1, min_samples: -1}}", "rules[1].threshold.min_samples", "must not be negative")]
    // rules: change
    [InlineData("rules", "{name: r, severity: info, kpi: k, change: {direction: down, percent: 15, period: 30d}}", "rules[1].change.direction", "'down' must be decline or increase")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, change: {direction: decline, percent: 0, period: 30d}}", "rules[1].change.percent", "must be greater than 0 and at most 100")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, change: {direction: decline, percent: 150, period: 30d}}", "rules[1].change.percent", "must be greater than 0 and at most 100")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, change: {direction: decline, period: 30d}}", "rules[1].change.percent", "required")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, change: {direction: decline, percent: 15}}", "rules[1].change.period", "required")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, change: {direction: decline, percent: 15, period: 0}}", "rules[1].change.period", "must be greater than zero")]
    // rules: anomaly
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: mad, window: 10}}", "rules[1].anomaly.method", "'mad' must be zscore, cusum or tukey")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: zscore, window: 1, k: 3}}", "rules[1].anomaly.window", "must be at least 2 points")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: zscore, window: 10, k: 0}}", "rules[1].anomaly.k", "must be greater than zero")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: zscore, window: 10}}", "rules[1].anomaly.k", "required")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: zscore, window: 10, k: 3, fence: 1.5}}", "rules[1].anomaly.fence", "only for tukey")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: zscore, window: 10, k: 3, h: 5}}", "rules[1].anomaly.h", "only for cusum")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: cusum, window: 10, k: 0.5, h: -1}}", "rules[1].anomaly.h", "must be greater than zero")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: tukey, window: 10, fence: 2}}", "rules[1].anomaly.fence", "must be 1.5 (outlier) or 3.0 (far out)")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: tukey, window: 10, k: 3}}", "rules[1].anomaly.k", "only for zscore and cusum")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, anomaly: {method: zscore, window: 10, k: 3, step: 0s}}", "rules[1].anomaly.step", "must be greater than zero")]
    // rules: target, absence, event
    [InlineData("rules", "{name: r, severity: info, kpi: k, target: {percent_below: 10}}", "rules[1].target.value", "required")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, target: {value: 10}}", "rules[1].target.percent_below", "required")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, target: {value: 10, percent_below: 101}}", "rules[1].target.percent_below", "must be greater than 0 and at most 100")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, absence: {for: 0s}}", "rules[1].absence.for", "must be greater than zero")]
    [InlineData("rules", "{name: r, severity: info, kpi: k, absence: {}}", "rules[1].absence.for", "required")]
    [InlineData("rules", "{name: r, severity: info, event: {type: login}}", "rules[1].event.type", "'login' must be threat_detected, churn_risk_critical or health_score_below_40")]
    [InlineData("rules", "{name: r, severity: info, event: {type: churn_risk_critical, min_action: lock_account}}", "rules[1].event.min_action", "only for threat_detected")]
    [InlineData("rules", "{name: r, severity: info, event: {type: threat_detected, min_action: ban}}", "rules[1].event.min_action", "'ban' must be require_mfa, require_password_reset or lock_account")]
    public void One_bad_addition_gives_one_error(string section, string extra, string path, string message) =>
        Assert.Equal([new ConfigError(path, message)], Errors(Document(section, extra)));

    [Theory]
    [InlineData("{group_wait: 30s}", "routes.receiver", "the root route needs a receiver")]
    [InlineData("{receiver: ops, matchers: [team=ops]}", "routes.matchers", "the root route matches every alert and cannot have matchers")]
    [InlineData("{receiver: ops, continue: true}", "routes.continue", "the root route cannot continue")]
    [InlineData("{receiver: nobody}", "routes.receiver", "unknown receiver 'nobody' (not in recipients)")]
    [InlineData("{receiver: ops, routes: [{matchers: [team=eng], receiver: eng}, {matchers: [team=x], receiver: nobody}]}", "routes.routes[1].receiver", "unknown receiver 'nobody' (not in recipients)")]
    [InlineData("{receiver: ops, routes: [{matchers: [team=eng], routes: [{matchers: [severity=critical], receiver: pager}]}]}", "routes.routes[0].routes[0].receiver", "unknown receiver 'pager' (not in recipients)")]
    [InlineData("{receiver: ops, routes: [{matchers: [team=eng], policy: wake-everyone}]}", "routes.routes[0].policy", "unknown policy 'wake-everyone' (not in policies)")]
    [InlineData("{receiver: ops, group_interval: 0s}", "routes.group_interval", "must be greater than zero")]
    [InlineData("{receiver: ops, routes: [{matchers: [team=eng], repeat_interval: 0}]}", "routes.routes[0].repeat_interval", "must be greater than zero")]
    [InlineData("{receiver: ops, group_wait: soon}", "routes.group_wait", "'soon' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("{receiver: ops, routes: [{matchers: [team]}]}", "routes.routes[0].matchers[0]", "'team' is not a matcher (name=value, name!=value, name=~regex, name!~regex)")]
    [InlineData("{receiver: ops, group_by: ['...', team]}", "routes.group_by", "'...' (all labels) cannot be combined with other labels")]
    [InlineData("{receiver: ops, group_by: [team, team]}", "routes.group_by[1]", "'team' is listed twice")]
    [InlineData("{receiver: ops, group_by: [team-name]}", "routes.group_by[0]", "'team-name' is not a label name")]
    [InlineData("{receiver: ops, routes: [{receiver: eng}, {matchers: [team=ops], receiver: ops}]}", "routes.routes[1]", "never reached: routes.routes[0] has no matchers and does not continue")]
    [InlineData("", "routes", "a root route is required")]
    public void One_bad_route_gives_one_error(string routes, string path, string message) =>
        Assert.Equal([new ConfigError(path, message)], Errors(Document(routes: routes)));

    [Theory]
    [InlineData("{receiver: ops, group_wait: 0s, group_by: ['...']}")]
    [InlineData("{receiver: ops, routes: [{receiver: eng, continue: true}, {matchers: [team=ops], receiver: ops}]}")]
    [InlineData("{receiver: ops, routes: [{matchers: ['team=~\"ops|eng\"', 'severity!=info'], receiver: eng, group_wait: 1m30s, repeat_interval: 1w}]}")]
    public void Valid_routes(string routes) => Assert.Empty(Errors(Document(routes: routes)));

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var errors = Errors(Document("rules", "{name: errors, severity: urgent, kpi: k, absence: {for: 0s}}", "{receiver: nobody}"));
        Assert.Equal(
            [
                new ConfigError("routes.receiver", "unknown receiver 'nobody' (not in recipients)"),
                new ConfigError("rules[1].name", "duplicate name 'errors' (first at rules[0])"),
                new ConfigError("rules[1].severity", "'urgent' is not a severity (info, warning, critical)"),
                new ConfigError("rules[1].absence.for", "must be greater than zero"),
            ],
            errors);
    }

    [Fact]
    public void A_bad_regular_expression_is_reported_with_the_matcher()
    {
        var error = Assert.Single(Errors(Document("silences", "{name: s, matchers: ['a=~(b'], time_zone: UTC, windows: ['Sun 02:00-04:00']}")));
        Assert.Equal("silences[2].matchers[0]", error.Path);
        Assert.StartsWith("'a=~(b': invalid regular expression (", error.Message);
    }

    [Fact]
    public void An_empty_document_only_lacks_its_root_route() =>
        Assert.Equal([new ConfigError("routes", "a root route is required")], AlertingDocumentValidation.Validate(new AlertingDocument()));
}
