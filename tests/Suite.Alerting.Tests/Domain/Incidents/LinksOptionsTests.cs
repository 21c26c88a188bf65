using Suite.Alerting.Configuration;

namespace Suite.Alerting.Tests.Domain.Incidents;

public sealed class LinksOptionsTests
{
    private static readonly string Key32 = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Links_are_off_without_a_public_base_url()
    {
        var options = new LinksOptions();
        Assert.Empty(options.Validate());
        Assert.Equal((null, null), options.ResolveKey(isDevelopment: false));
    }

    [Fact]
    public void Outside_development_a_public_base_url_needs_a_key()
    {
        var options = new LinksOptions { PublicBaseUrl = "https://alerts.example.com" };
        Assert.Empty(options.Validate());
        Assert.Equal("Alerting:Links:SigningKey is required outside Development when Alerting:Links:PublicBaseUrl is set", options.ResolveKey(false).Error);
        Assert.Equal(LinksOptions.DevelopmentKey, options.ResolveKey(true).Key);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "https://a.example", "Alerting:Links:SigningKey must be base64 of at least 32 bytes")]
    [InlineData("not base64!", "https://a.example", "Alerting:Links:SigningKey must be base64 of at least 32 bytes")]
    [InlineData(null, "ftp://a.example", "Alerting:Links:PublicBaseUrl must be an absolute http(s) URL without query or fragment (got 'ftp://a.example')")]
    [InlineData(null, "https://a.example/?x=1", "Alerting:Links:PublicBaseUrl must be an absolute http(s) URL without query or fragment (got 'https://a.example/?x=1')")]
    public void Bad_values_are_reported(string? key, string url, string expected) =>
        Assert.Equal([expected], new LinksOptions { SigningKey = key, PublicBaseUrl = url }.Validate());

    [Fact]
    public void A_key_without_a_url_is_an_error_and_a_good_pair_resolves()
    {
        Assert.Equal(["Alerting:Links:SigningKey is set but Alerting:Links:PublicBaseUrl is not: links need both"],
            new LinksOptions { SigningKey = Key32 }.Validate());
        var options = new LinksOptions { SigningKey = Key32, PublicBaseUrl = "https://alerts.example.com" };
        Assert.Empty(options.Validate());
        Assert.Equal(Convert.FromBase64String(Key32), options.ResolveKey(false).Key);
    }
}
