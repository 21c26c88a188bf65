using MimeKit;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Tests.Domain.Channels;

public sealed class AlertEmailTests
{
    private static readonly Guid NotificationId = Guid.Parse("9b2d7c1e-0000-4000-8000-000000000042");
    private static readonly MailboxAddress From = new("Suite alerts", "alerts@suite.local");
    private static readonly MailboxAddress To = new("", "alice@example.com");

    private static MimeMessage Compose(EmailMessage content) =>
        AlertEmail.Compose(content, NotificationId, From, To, Fixed.Now, [new("X-Suite-Alert", "0123456789abcdef")]);

    [Fact]
    public void Mime_message_is_multipart_alternative_with_text_then_html()
    {
        var links = Fixed.Links.CreatePair(Fixed.AlertId, "email:alice@example.com", Fixed.Now);
        using var message = Compose(EmailMessage.Build(Fixed.Notice(), links));

        var body = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], body.Select(p => p.ContentType.MimeType));
        Assert.Equal("9b2d7c1e000040008000000000000042@suite.local", message.MessageId);
        Assert.Equal("[FIRING] Login success low: login_success_rate = 0.42", message.Subject);
        Assert.Equal(Fixed.Now, message.Date);
        Assert.Equal("alerts@suite.local", message.From.Mailboxes.Single().Address);
        Assert.Equal("alice@example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal("0123456789abcdef", message.Headers["X-Suite-Alert"]);
        Assert.StartsWith("[FIRING] Login success low", message.TextBody);
        Assert.StartsWith("<!DOCTYPE html>", message.HtmlBody);
    }

    [Fact]
    public void The_same_notification_gets_the_same_message_id()
    {
        using var first = Compose(EmailMessage.Build(Fixed.Notice()));
        using var again = Compose(EmailMessage.Build(Fixed.Notice()));
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal("9b2d7c1e000040008000000000000042@suite.local", AlertEmail.MessageIdFor(NotificationId));
    }

    [Fact]
    public void Both_parts_carry_both_links()
    {
        var links = Fixed.Links.CreatePair(Fixed.AlertId, "email:alice@example.com", Fixed.Now);
        var email = EmailMessage.Build(Fixed.Notice(), links);

        Assert.Contains(
            "\nAcknowledge: https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=email%3Aalice%40example.com&exp=1749384005&sig=70-2Wj3oEpwBBVyEnIYigFlHY189aQqR-VeWVTL2A1o\n",
            email.Text);
        Assert.Contains(
            "\nResolve: https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resolve?recipient=email%3Aalice%40example.com&exp=1749384005&sig=UNkxwA0RbuZ8LbI7kgjL__qqlnrlqq8fXNZ22baNxiM\n",
            email.Text);
        // In HTML the '&' between query parameters is an entity inside the attribute.
        Assert.Contains(
            "<a href=\"https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=email%3Aalice%40example.com&amp;exp=1749384005&amp;sig=70-2Wj3oEpwBBVyEnIYigFlHY189aQqR-VeWVTL2A1o\"",
            email.Html);
        Assert.Contains(
            "<a href=\"https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resolve?recipient=email%3Aalice%40example.com&amp;exp=1749384005&amp;sig=UNkxwA0RbuZ8LbI7kgjL__qqlnrlqq8fXNZ22baNxiM\"",
            email.Html);
        Assert.Contains(">Acknowledge</a>", email.Html);
        Assert.Contains(">Resolve</a>", email.Html);
    }

    [Fact]
    public void Resolved_and_linkless_emails_have_no_actions()
    {
        var links = Fixed.Links.CreatePair(Fixed.AlertId, "email:alice@example.com", Fixed.Now);
        foreach (var email in new[] { EmailMessage.Build(Fixed.Notice(NotificationKind.Resolved), links), EmailMessage.Build(Fixed.Notice()) })
        {
            Assert.DoesNotContain("Acknowledge", email.Text);
            Assert.DoesNotContain("Acknowledge", email.Html);
            Assert.DoesNotContain("/alerts/", email.Html);
        }
    }

    [Fact]
    public void Every_interpolated_value_is_escaped_in_html()
    {
        var notice = Fixed.Notice(name: "<script>alert(1)</script>", tenant: "a&b\"c");
        var email = EmailMessage.Build(notice, Fixed.Links.CreatePair(Fixed.AlertId, "email:alice@example.com", Fixed.Now));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html);
        Assert.DoesNotContain("<script>", email.Html);
        Assert.Contains("<td>a&amp;b&quot;c</td>", email.Html);
        Assert.Contains("Rule: <script>alert(1)</script>", email.Text);   // plain text is literal
        Assert.Equal("[FIRING] <script>alert(1)</script>: login_success_rate = 0.42", email.Subject);
    }

    [Fact]
    public void Digest_email_lists_twenty_with_links_and_counts_the_rest()
    {
        var entries = Enumerable.Range(0, 22)
            .Select(i => new DigestEntry(
                Fixed.Notice(name: i == 0 ? "<b>zero</b>" : $"rule {i:00}", alertId: Guid.NewGuid(), startedAt: Fixed.Started.AddMinutes(i), fingerprint: $"{i:x16}"),
                Fixed.Links.CreatePair(Fixed.AlertId, "email:alice@example.com", Fixed.Now)))
            .ToList();
        var email = EmailMessage.Digest(entries);

        Assert.Equal("[DIGEST] 22 alerts held during quiet hours", email.Subject);
        var lines = email.Text.Split('\n');
        Assert.Equal(20, lines.Count(l => l.StartsWith("- [FIRING] ", StringComparison.Ordinal)));
        Assert.Equal(20, lines.Count(l => l.StartsWith("  Acknowledge: https://alerts.example.com/alerts/", StringComparison.Ordinal)));
        Assert.Equal(20, lines.Count(l => l.StartsWith("  Resolve: https://alerts.example.com/alerts/", StringComparison.Ordinal)));
        Assert.Equal("- [FIRING] <b>zero</b>: login_success_rate = 0.42 (tenant acme, since 2025-06-01 12:00:00 UTC)", lines[2]);
        Assert.Contains("and 2 more", email.Text);
        Assert.DoesNotContain("rule 20", email.Text);    // the two newest are left out

        Assert.Contains("&lt;b&gt;zero&lt;/b&gt;", email.Html);
        Assert.DoesNotContain("<b>zero", email.Html);
        Assert.Equal(20, CountOf(email.Html, "<li>"));
        Assert.Equal(20, CountOf(email.Html, ">Acknowledge</a>"));
        Assert.Contains("<p>and 2 more</p>", email.Html);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
