using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Tests.Domain.Links;

public sealed class LinkRecipientTests
{
    [Theory]
    [InlineData("Alice@Example.com", "email:alice@example.com")]
    [InlineData(" bob@example.com ", "email:bob@example.com")]
    public void Email_recipients_are_the_normalised_address(string address, string expected) =>
        Assert.Equal(expected, LinkRecipient.ForEmail(address));

    [Fact]
    public void Webhook_urls_are_hashed_never_shown()
    {
        // Values from Python: hashlib.sha256(url).hexdigest()[:16]
        Assert.Equal("slack:9fbe5ae849f40a22", LinkRecipient.ForSlackWebhook("https://hooks.slack.com/services/T000/B000/XXXX"));
        Assert.Equal("webhook:18dfbd16ff421da8", LinkRecipient.ForWebhook("https://hooks.example.com/alerts?token=abc"));
    }

    [Theory]
    [InlineData("Acknowledge", false)]
    [InlineData("acknowledge", true)]
    [InlineData("resolve", true)]
    [InlineData("ack", false)]
    [InlineData(null, false)]
    public void Action_segments_parse_exactly(string? segment, bool ok) =>
        Assert.Equal(ok, AlertActions.TryParse(segment, out _));
}
