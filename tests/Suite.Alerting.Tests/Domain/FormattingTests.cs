using System.Text.Json.Nodes;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Tests.Domain;

public class FormattingTests
{
    private static readonly DateTimeOffset Started = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static AlertNotice Notice(NotificationKind kind = NotificationKind.Firing, string name = "Login success low", double value = 0.42) => new(
        kind, Guid.NewGuid(), "acme", Guid.NewGuid(), name, "login_success_rate", Comparison.Below, 0.9, value,
        AlertSeverity.Critical, Started, kind == NotificationKind.Firing ? Started : Started.AddMinutes(7), "0123456789abcdef");

    [Theory]
    [InlineData(0.42, "0.42")]
    [InlineData(0.123456, "0.1235")]
    [InlineData(1234, "1234")]
    [InlineData(12.3456, "12.346")]
    [InlineData(-3, "-3")]
    [InlineData(0.00001234, "1.23E-05")]
    public void Numbers_are_invariant_and_short(double value, string expected)
    {
        Assert.Equal(expected, AlertText.Number(value));
    }

    [Theory]
    [InlineData(NotificationKind.Firing, "[FIRING] Login success low: login_success_rate = 0.42")]
    [InlineData(NotificationKind.Resolved, "[RESOLVED] Login success low: login_success_rate = 0.42")]
    public void Email_subject(NotificationKind kind, string subject)
    {
        Assert.Equal(subject, EmailMessage.Build(Notice(kind)).Subject);
    }

    [Fact]
    public void Email_bodies_carry_the_facts_and_html_is_encoded()
    {
        var email = EmailMessage.Build(Notice(name: "<b>bad</b> & co"));
        Assert.Contains("Threshold: < 0.9", email.Text);
        Assert.Contains("Severity: critical", email.Text);
        Assert.Contains("Started: 2025-06-01 12:00:00 UTC", email.Text);
        Assert.Contains("&lt;b&gt;bad&lt;/b&gt; &amp; co", email.Html);
        Assert.DoesNotContain("<b>bad", email.Html);
    }

    [Fact]
    public void Slack_message_has_text_and_blocks()
    {
        var json = SlackMessage.Build(Notice());
        Assert.Equal(
            "[FIRING] Login success low: login_success_rate = 0.42 (threshold < 0.9, severity critical, since 2025-06-01 12:00:00 UTC)",
            json["text"]!.GetValue<string>());
        var blocks = json["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "context"], blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("FIRING: Login success low", blocks[0]!["text"]!["text"]!.GetValue<string>());
        var fields = blocks[1]!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()).ToList();
        Assert.Equal("*KPI*\n`login_success_rate`", fields[0]);
        Assert.Equal("*Value*\n0.42", fields[1]);
        Assert.Equal("*Threshold*\n&lt; 0.9", fields[2]);
        Assert.Equal("*Severity*\ncritical", fields[3]);
        Assert.StartsWith($"*Started*\n<!date^{Started.ToUnixTimeSeconds()}^", fields[4]);
    }

    [Fact]
    public void Slack_resolved_message_says_when()
    {
        var json = SlackMessage.Build(Notice(NotificationKind.Resolved));
        Assert.StartsWith("[RESOLVED]", json["text"]!.GetValue<string>());
        var fields = json["blocks"]![1]!["fields"]!.AsArray();
        Assert.StartsWith("*Resolved*\n", fields[4]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Slack_header_is_truncated_to_the_block_kit_limit()
    {
        var json = SlackMessage.Build(Notice(name: new string('x', 300)));
        Assert.Equal(150, json["blocks"]![0]!["text"]!["text"]!.GetValue<string>().Length);
        Assert.IsType<JsonObject>(json);
    }

    [Fact]
    public void Labels_of_a_notice_are_alertmanager_style_and_sorted()
    {
        var labels = AlertLabels.Of(Notice());
        Assert.Equal(["alertname", "kpi", "severity", "tenant"], labels.Keys);
        Assert.Equal(["Login success low", "login_success_rate", "critical", "acme"], labels.Values);
    }

    [Theory]
    [InlineData(1, "1 alert held during quiet hours")]
    [InlineData(2, "2 alerts held during quiet hours")]
    public void Digest_title_counts_alerts(int count, string expected) => Assert.Equal(expected, Digest.Title(count));

    [Theory]
    [InlineData(NotificationKind.Firing, "[FIRING] Login success low: login_success_rate = 0.42 (tenant acme, since 2025-06-01 12:00:00 UTC)")]
    [InlineData(NotificationKind.Resolved, "[RESOLVED] Login success low: login_success_rate = 0.42 (tenant acme, resolved at 2025-06-01 12:07:00 UTC)")]
    public void Digest_line_says_when(NotificationKind kind, string expected) => Assert.Equal(expected, Digest.Line(Notice(kind)));

    [Fact]
    public void Email_without_links_is_unchanged_by_the_links_overload()
    {
        var notice = Notice();
        Assert.Equal(EmailMessage.Build(notice), EmailMessage.Build(notice, null));
    }
}
