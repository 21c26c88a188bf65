using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Tests.Domain.Channels;

public sealed class AlertmanagerWebhookPayloadTests
{
    [Fact]
    public void Firing_payload_golden()
    {
        var payload = AlertmanagerWebhookPayload.FromNotices(
            [Fixed.Notice()],
            "webhook",
            n => Fixed.Links.CreatePair(n.AlertId, "webhook:18dfbd16ff421da8", Fixed.Now),
            Fixed.BaseUrl);
        Fixed.AssertJson("""
            {
              "receiver": "webhook",
              "status": "firing",
              "alerts": [
                {
                  "status": "firing",
                  "labels": { "alertname": "Login success low", "kpi": "login_success_rate", "severity": "critical", "tenant": "acme" },
                  "annotations": {
                    "acknowledge_url": "https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=webhook%3A18dfbd16ff421da8&exp=1749384005&sig=8zKkGUv3GxrC0JAWoI0tO9gQHBX4teVHFOpqxYeGkBA",
                    "resolve_url": "https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resolve?recipient=webhook%3A18dfbd16ff421da8&exp=1749384005&sig=Q-mwzM8sNwsK9rysKW7497DSgrwJDAnCJW_uZEl3uTg",
                    "summary": "Login success low: login_success_rate = 0.42",
                    "threshold": "< 0.9",
                    "value": "0.42"
                  },
                  "startsAt": "2025-06-01T12:00:00Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "",
                  "fingerprint": "0123456789abcdef"
                }
              ],
              "groupLabels": { "alertname": "Login success low", "tenant": "acme" },
              "commonLabels": { "alertname": "Login success low", "kpi": "login_success_rate", "severity": "critical", "tenant": "acme" },
              "commonAnnotations": {
                "acknowledge_url": "https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=webhook%3A18dfbd16ff421da8&exp=1749384005&sig=8zKkGUv3GxrC0JAWoI0tO9gQHBX4teVHFOpqxYeGkBA",
                "resolve_url": "https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resolve?recipient=webhook%3A18dfbd16ff421da8&exp=1749384005&sig=Q-mwzM8sNwsK9rysKW7497DSgrwJDAnCJW_uZEl3uTg",
                "summary": "Login success low: login_success_rate = 0.42",
                "threshold": "< 0.9",
                "value": "0.42"
              },
              "externalURL": "https://alerts.example.com/",
              "version": "4",
              "groupKey": "{}:{alertname=\"Login success low\", tenant=\"acme\"}",
              "truncatedAlerts": 0
            }
            """, payload.ToJson());
    }

    [Fact]
    public void Resolved_group_golden_with_common_labels_truncation_and_quoted_receiver()
    {
        var resolved = Fixed.Notice(NotificationKind.Resolved, value: 0.95) with { At = Fixed.Started.AddMinutes(7).AddMilliseconds(250) };
        var other = Fixed.Notice(NotificationKind.Resolved, value: 0.97, severity: AlertSeverity.Warning, fingerprint: "1111111111111111");
        var dropped = Fixed.Notice(NotificationKind.Firing, fingerprint: "2222222222222222");
        var payload = AlertmanagerWebhookPayload.FromNotices([resolved, other, dropped], "team.ops", maxAlerts: 2);
        Fixed.AssertJson("""
            {
              "receiver": "team\\.ops",
              "status": "resolved",
              "alerts": [
                {
                  "status": "resolved",
                  "labels": { "alertname": "Login success low", "kpi": "login_success_rate", "severity": "critical", "tenant": "acme" },
                  "annotations": { "summary": "Login success low: login_success_rate = 0.95", "threshold": "< 0.9", "value": "0.95" },
                  "startsAt": "2025-06-01T12:00:00Z",
                  "endsAt": "2025-06-01T12:07:00.25Z",
                  "generatorURL": "",
                  "fingerprint": "0123456789abcdef"
                },
                {
                  "status": "resolved",
                  "labels": { "alertname": "Login success low", "kpi": "login_success_rate", "severity": "warning", "tenant": "acme" },
                  "annotations": { "summary": "Login success low: login_success_rate = 0.97", "threshold": "< 0.9", "value": "0.97" },
                  "startsAt": "2025-06-01T12:00:00Z",
                  "endsAt": "2025-06-01T12:07:00Z",
                  "generatorURL": "",
                  "fingerprint": "1111111111111111"
                }
              ],
              "groupLabels": { "alertname": "Login success low", "tenant": "acme" },
              "commonLabels": { "alertname": "Login success low", "kpi": "login_success_rate", "tenant": "acme" },
              "commonAnnotations": { "threshold": "< 0.9" },
              "externalURL": "",
              "version": "4",
              "groupKey": "{}:{alertname=\"Login success low\", tenant=\"acme\"}",
              "truncatedAlerts": 1
            }
            """, payload.ToJson());
    }

    [Fact]
    public void Status_is_firing_when_any_alert_fires()
    {
        var payload = AlertmanagerWebhookPayload.FromNotices(
            [Fixed.Notice(NotificationKind.Resolved), Fixed.Notice(tenant: "globex", fingerprint: "3333333333333333")], "webhook");
        Assert.Equal(NotificationKind.Firing, payload.Status);
        // Tenants differ: only alertname is a shared group label.
        Assert.Equal("{}:{alertname=\"Login success low\"}", payload.GroupKey);
        Assert.Equal(new[] { "alertname" }, payload.GroupLabels.Keys);
    }

    [Fact]
    public void A_route_group_brings_its_own_labels_and_key()
    {
        var group = new DigestGroup("root/0:{kind=\"security\"}", new Dictionary<string, string> { ["kind"] = "security" });
        var payload = AlertmanagerWebhookPayload.FromNotices(
            [Fixed.Notice(), Fixed.Notice(tenant: "globex", fingerprint: "3333333333333333")], "webhook", group: group);
        Assert.Equal(group.Key, payload.GroupKey);
        Assert.Equal(group.Labels, payload.GroupLabels);
        Assert.Equal(2, payload.Alerts.Count);
    }

    [Theory]
    [InlineData("2025-06-01T12:00:00+00:00", "2025-06-01T12:00:00Z")]
    [InlineData("2025-06-01T14:00:00+02:00", "2025-06-01T12:00:00Z")]
    [InlineData("2025-06-01T12:00:00.1234567+00:00", "2025-06-01T12:00:00.1234567Z")]
    [InlineData("2025-06-01T12:00:00.5000000+00:00", "2025-06-01T12:00:00.5Z")]
    public void Times_are_rfc3339_utc_like_go(string at, string expected) =>
        Assert.Equal(expected, AlertmanagerWebhookPayload.Rfc3339(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Label_set_text_quotes_like_go()
    {
        var labels = new Dictionary<string, string> { ["b"] = "say \"hi\"\n", ["a"] = @"c:\dir" };
        Assert.Equal("{a=\"c:\\\\dir\", b=\"say \\\"hi\\\"\\n\"}", AlertmanagerWebhookPayload.LabelSetText(labels));
    }

    [Fact]
    public void Bad_input_is_rejected_naming_the_field()
    {
        Assert.Equal("notices", Assert.Throws<ArgumentException>(() => AlertmanagerWebhookPayload.FromNotices([], "webhook")).ParamName);
        Assert.Equal("alerts", Assert.Throws<ArgumentException>(() =>
            AlertmanagerWebhookPayload.Create("webhook", new Dictionary<string, string>(), [])).ParamName);
        Assert.Equal("maxAlerts", Assert.Throws<ArgumentOutOfRangeException>(() =>
            AlertmanagerWebhookPayload.FromNotices([Fixed.Notice()], "webhook", maxAlerts: -1)).ParamName);
    }
}
