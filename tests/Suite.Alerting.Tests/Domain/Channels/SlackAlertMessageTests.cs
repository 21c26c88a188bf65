using System.Text.Json.Nodes;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Tests.Domain.Channels;

public sealed class SlackAlertMessageTests
{
    [Fact]
    public void Firing_message_golden()
    {
        var links = Fixed.Links.CreatePair(Fixed.AlertId, "slack:abc", Fixed.Now);
        var json = SlackAlertMessage.ToJson(SlackAlertMessage.Build(Fixed.Notice(), links));
        Fixed.AssertJson("""
            {
              "text": "[FIRING] Login success low: login_success_rate = 0.42 (threshold < 0.9, severity critical, since 2025-06-01 12:00:00 UTC)",
              "blocks": [
                { "type": "header", "text": { "type": "plain_text", "text": ":red_circle: Login success low", "emoji": true } },
                {
                  "type": "section",
                  "text": { "type": "mrkdwn", "text": "*FIRING* `login_success_rate` = *0.42* (threshold &lt; 0.9, severity critical)" },
                  "fields": [
                    { "type": "mrkdwn", "text": "*Tenant*\nacme" },
                    { "type": "mrkdwn", "text": "*Value*\n0.42" },
                    { "type": "mrkdwn", "text": "*Since*\n<!date^1748779200^{date_short_pretty} {time_secs}|2025-06-01 12:00:00 UTC>" }
                  ]
                },
                {
                  "type": "context",
                  "elements": [
                    { "type": "mrkdwn", "text": "`alertname=Login success low` `kpi=login_success_rate` `severity=critical` `tenant=acme` · alert `0123456789abcdef`" }
                  ]
                },
                {
                  "type": "actions",
                  "elements": [
                    {
                      "type": "button",
                      "text": { "type": "plain_text", "text": "Acknowledge" },
                      "style": "primary",
                      "url": "https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=slack%3Aabc&exp=1749384005&sig=DyX61R8tZwCvDDFPbmq7ISK1VIEQh45wXN4vnNtI5HU",
                      "action_id": "acknowledge"
                    },
                    {
                      "type": "button",
                      "text": { "type": "plain_text", "text": "Resolve" },
                      "style": "danger",
                      "url": "https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resolve?recipient=slack%3Aabc&exp=1749384005&sig=i46lnAAA51V7e6iuN19Yxbsni0YQ7rG_vgSieX_SJ1I",
                      "action_id": "resolve"
                    }
                  ]
                }
              ]
            }
            """, json);
    }

    [Fact]
    public void Resolved_message_golden_has_no_buttons_even_with_links()
    {
        var links = Fixed.Links.CreatePair(Fixed.AlertId, "slack:abc", Fixed.Now);
        var json = SlackAlertMessage.ToJson(SlackAlertMessage.Build(Fixed.Notice(NotificationKind.Resolved, value: 0.95), links));
        Fixed.AssertJson("""
            {
              "text": "[RESOLVED] Login success low: login_success_rate = 0.95 (threshold < 0.9, severity critical, resolved at 2025-06-01 12:07:00 UTC)",
              "blocks": [
                { "type": "header", "text": { "type": "plain_text", "text": ":white_check_mark: Login success low", "emoji": true } },
                {
                  "type": "section",
                  "text": { "type": "mrkdwn", "text": "*RESOLVED* `login_success_rate` = *0.95* (threshold &lt; 0.9, severity critical)" },
                  "fields": [
                    { "type": "mrkdwn", "text": "*Tenant*\nacme" },
                    { "type": "mrkdwn", "text": "*Value*\n0.95" },
                    { "type": "mrkdwn", "text": "*Resolved*\n<!date^1748779620^{date_short_pretty} {time_secs}|2025-06-01 12:07:00 UTC>" }
                  ]
                },
                {
                  "type": "context",
                  "elements": [
                    { "type": "mrkdwn", "text": "`alertname=Login success low` `kpi=login_success_rate` `severity=critical` `tenant=acme` · alert `0123456789abcdef`" }
                  ]
                }
              ]
            }
            """, json);
    }

    [Theory]
    [InlineData(NotificationKind.Firing, AlertSeverity.Critical, ":red_circle:")]
    [InlineData(NotificationKind.Firing, AlertSeverity.Warning, ":large_orange_circle:")]
    [InlineData(NotificationKind.Firing, AlertSeverity.Info, ":large_blue_circle:")]
    [InlineData(NotificationKind.Resolved, AlertSeverity.Critical, ":white_check_mark:")]
    public void Header_starts_with_the_severity_emoji(NotificationKind kind, AlertSeverity severity, string emoji)
    {
        var message = SlackAlertMessage.Build(Fixed.Notice(kind, severity: severity));
        Assert.Equal($"{emoji} Login success low", message["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Firing_without_links_has_no_actions_block()
    {
        var blocks = SlackAlertMessage.Build(Fixed.Notice())["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "context"], blocks.Select(b => b!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void User_text_is_escaped_for_mrkdwn_and_the_header_is_cut_to_150()
    {
        var message = SlackAlertMessage.Build(Fixed.Notice(name: "<!channel> & " + new string('x', 300), tenant: "a<b>"));
        var header = message["blocks"]![0]!["text"]!["text"]!.GetValue<string>();
        Assert.Equal(150, header.Length);
        Assert.EndsWith("…", header);
        var fields = message["blocks"]![1]!["fields"]!.AsArray();
        Assert.Equal("*Tenant*\na&lt;b&gt;", fields[0]!["text"]!.GetValue<string>());
        var context = message["blocks"]![2]!["elements"]![0]!["text"]!.GetValue<string>();
        Assert.StartsWith("`alertname=&lt;!channel&gt; &amp; xxx", context);
        Assert.DoesNotContain("<!channel>", context);
    }

    [Fact]
    public void Digest_golden_lists_firing_before_resolved_with_links()
    {
        var firing = Fixed.Notice();
        var resolved = Fixed.Notice(NotificationKind.Resolved, name: "Checkout errors", value: 3, severity: AlertSeverity.Warning,
            alertId: Guid.Parse("00000000-0000-0000-0000-000000000002"), fingerprint: "fedcba9876543210");
        var links = Fixed.Links.CreatePair(Fixed.AlertId, "slack:abc", Fixed.Now);
        var json = SlackAlertMessage.ToJson(SlackAlertMessage.Digest([new DigestEntry(resolved, links), new DigestEntry(firing, links)]));
        Fixed.AssertJson("""
            {
              "text": "2 alerts held during quiet hours",
              "blocks": [
                { "type": "header", "text": { "type": "plain_text", "text": "2 alerts held during quiet hours", "emoji": true } },
                {
                  "type": "section",
                  "text": {
                    "type": "mrkdwn",
                    "text": ":red_circle: *Login success low* `login_success_rate` = *0.42* · tenant acme · since <!date^1748779200^{date_short_pretty} {time_secs}|2025-06-01 12:00:00 UTC> · <https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=slack%3Aabc&exp=1749384005&sig=DyX61R8tZwCvDDFPbmq7ISK1VIEQh45wXN4vnNtI5HU|Acknowledge> · <https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resolve?recipient=slack%3Aabc&exp=1749384005&sig=i46lnAAA51V7e6iuN19Yxbsni0YQ7rG_vgSieX_SJ1I|Resolve>"
                  }
                },
                {
                  "type": "section",
                  "text": {
                    "type": "mrkdwn",
                    "text": ":white_check_mark: *Checkout errors* `login_success_rate` = *3* · tenant acme · resolved <!date^1748779620^{date_short_pretty} {time_secs}|2025-06-01 12:07:00 UTC>"
                  }
                }
              ]
            }
            """, json);
    }

    [Fact]
    public void Digest_shows_twenty_lines_most_urgent_first_and_counts_the_rest()
    {
        var entries = new List<DigestEntry>();
        for (var i = 0; i < 23; i++)
        {
            // Older alerts have larger i; severities cycle so the order must come from sorting, not input order.
            var severity = (AlertSeverity)(i % 3);
            entries.Add(new DigestEntry(Fixed.Notice(name: $"rule {i:00}", severity: severity, alertId: Guid.NewGuid(),
                startedAt: Fixed.Started.AddMinutes(-i), fingerprint: $"{i:x16}")));
        }
        var blocks = SlackAlertMessage.Digest(entries)["blocks"]!.AsArray();

        Assert.Equal("23 alerts held during quiet hours", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(1 + 20 + 1, blocks.Count);
        Assert.Equal("and 3 more", blocks[21]!["elements"]![0]!["text"]!.GetValue<string>());
        var names = blocks.Skip(1).Take(20)
            .Select(b => b!["text"]!["text"]!.GetValue<string>().Split('*')[1])
            .ToList();
        // Critical (i % 3 == 2) oldest first: 20, 17, … 2; then warning (i % 3 == 1): 22, 19, … 1; info fills the rest.
        Assert.Equal(["rule 20", "rule 17", "rule 14", "rule 11", "rule 08", "rule 05", "rule 02",
                      "rule 22", "rule 19", "rule 16", "rule 13", "rule 10", "rule 07", "rule 04", "rule 01",
                      "rule 21", "rule 18", "rule 15", "rule 12", "rule 09"], names);
    }

    [Fact]
    public void Digest_of_one_alert_is_singular_without_more()
    {
        var message = SlackAlertMessage.Digest([new DigestEntry(Fixed.Notice())]);
        Assert.Equal("1 alert held during quiet hours", message["text"]!.GetValue<string>());
        Assert.Equal(2, message["blocks"]!.AsArray().Count);
        Assert.IsType<JsonObject>(message);
    }

    [Fact]
    public void A_group_message_is_titled_like_alertmanager_with_its_group_labels()
    {
        var entries = new[]
        {
            new DigestEntry(Fixed.Notice()),
            new DigestEntry(Fixed.Notice(fingerprint: "3333333333333333")),
            new DigestEntry(Fixed.Notice(NotificationKind.Resolved, fingerprint: "4444444444444444")),
        };
        var labels = new Dictionary<string, string> { ["tenant"] = "acme", ["alertname"] = "Login success low" };
        var title = Digest.GroupTitle(entries, labels);
        Assert.Equal("[FIRING:2] alertname=Login success low tenant=acme", title);
        var message = SlackAlertMessage.Digest(entries, title);
        Assert.Equal(title, message["text"]!.GetValue<string>());
        Assert.Equal(4, message["blocks"]!.AsArray().Count);
        Assert.Equal("[RESOLVED] 1 alert", Digest.GroupTitle([entries[2]], new Dictionary<string, string>()));
    }

    [Fact]
    public void An_empty_digest_is_rejected_naming_the_field() =>
        Assert.Equal("entries", Assert.Throws<ArgumentException>(() => SlackAlertMessage.Digest([])).ParamName);
}
