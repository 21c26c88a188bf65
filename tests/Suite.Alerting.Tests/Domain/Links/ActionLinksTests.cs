using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Tests.Domain.Links;

public sealed class ActionLinksTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly Uri Base = new("https://alerts.example.com/");
    private static readonly Guid AlertId = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 5, TimeSpan.Zero);   // unix 1748779205
    private const string Recipient = "email:alice@example.com";
    private const string Exp = "1749384005";                                                   // Now + 7 days

    // Computed independently (Python hmac/hashlib/base64.urlsafe_b64encode, padding stripped).
    private const string AckSig = "70-2Wj3oEpwBBVyEnIYigFlHY189aQqR-VeWVTL2A1o";
    private const string ResolveSig = "UNkxwA0RbuZ8LbI7kgjL__qqlnrlqq8fXNZ22baNxiM";

    private static readonly ActionLinks Links = new(Key, Base);

    [Theory]
    [InlineData(AlertAction.Acknowledge, "acknowledge", AckSig)]
    [InlineData(AlertAction.Resolve, "resolve", ResolveSig)]
    public void Creates_the_documented_link_with_a_known_signature(AlertAction action, string segment, string sig)
    {
        var link = Links.Create(AlertId, action, Recipient, Now);
        Assert.Equal(
            $"https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/{segment}?recipient=email%3Aalice%40example.com&exp={Exp}&sig={sig}",
            link.AbsoluteUri);
    }

    [Fact]
    public void A_pair_has_both_actions_with_the_same_expiry()
    {
        var pair = Links.CreatePair(AlertId, Recipient, Now, TimeSpan.FromHours(1));
        Assert.Contains("/acknowledge?", pair.Acknowledge.AbsoluteUri);
        Assert.Contains("/resolve?", pair.Resolve.AbsoluteUri);
        Assert.Contains("&exp=1748782805&", pair.Acknowledge.AbsoluteUri);
        Assert.Contains("&exp=1748782805&", pair.Resolve.AbsoluteUri);
    }

    [Theory]
    [InlineData("acknowledge", AckSig)]
    [InlineData("resolve", ResolveSig)]
    public void The_untouched_parts_verify(string action, string sig) =>
        Assert.Equal(LinkCheck.Valid, Links.Verify(AlertId.ToString(), action, Recipient, Exp, sig, Now));

    [Theory]
    [InlineData("alertId")]
    [InlineData("action")]
    [InlineData("recipient")]
    [InlineData("exp")]
    [InlineData("sig")]
    public void Tampering_with_any_field_breaks_the_signature(string field)
    {
        var (id, action, recipient, exp, sig) = (AlertId.ToString(), "acknowledge", Recipient, Exp, AckSig);
        switch (field)
        {
            case "alertId": id = "3f2504e0-4f89-11d3-9a0c-0305e82c3302"; break;
            case "action": action = "resolve"; break;
            case "recipient": recipient = "email:mallory@example.com"; break;
            case "exp": exp = "1849384005"; break;      // a later expiry
            case "sig": sig = "80" + AckSig[2..]; break;
        }
        Assert.Equal(LinkCheck.BadSignature, Links.Verify(id, action, recipient, exp, sig, Now));
    }

    [Fact]
    public void Another_key_does_not_verify()
    {
        var other = new ActionLinks(Enumerable.Repeat((byte)7, 32).ToArray(), Base);
        Assert.Equal(LinkCheck.BadSignature, other.Verify(AlertId.ToString(), "acknowledge", Recipient, Exp, AckSig, Now));
        var link = other.Create(AlertId, AlertAction.Acknowledge, Recipient, Now);
        Assert.Equal(LinkCheck.BadSignature, Links.Verify(link, Now));
        Assert.Equal(LinkCheck.Valid, other.Verify(link, Now));
    }

    [Fact]
    public void The_key_is_copied_so_later_changes_to_the_array_do_not_matter()
    {
        var key = (byte[])Key.Clone();
        var links = new ActionLinks(key, Base);
        key[0] = 99;
        Assert.Equal(LinkCheck.Valid, links.Verify(AlertId.ToString(), "acknowledge", Recipient, Exp, AckSig, Now));
    }

    public static TheoryData<TimeSpan, LinkCheck> ExpiryBoundary => new()
    {
        { TimeSpan.FromDays(-1), LinkCheck.Valid },
        { TimeSpan.FromTicks(-1), LinkCheck.Valid },      // strictly before exp
        { TimeSpan.Zero, LinkCheck.Expired },              // at exp
        { TimeSpan.FromSeconds(1), LinkCheck.Expired },
        { TimeSpan.FromDays(365), LinkCheck.Expired },
    };

    [Theory]
    [MemberData(nameof(ExpiryBoundary))]
    public void Links_expire_at_exp(TimeSpan afterExp, LinkCheck expected)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Exp));
        Assert.Equal(expected, Links.Verify(AlertId.ToString(), "acknowledge", Recipient, Exp, AckSig, expiresAt + afterExp));
    }

    [Fact]
    public void Default_lifetime_is_seven_days_and_can_be_changed()
    {
        Assert.Equal(TimeSpan.FromDays(7), ActionLinks.DefaultLifetime);
        var shortLived = Links.Create(AlertId, AlertAction.Resolve, Recipient, Now, TimeSpan.FromMinutes(10));
        Assert.Equal(LinkCheck.Valid, Links.Verify(shortLived, Now.AddMinutes(9)));
        Assert.Equal(LinkCheck.Expired, Links.Verify(shortLived, Now.AddMinutes(10)));
    }

    [Fact]
    public void A_forged_link_is_a_bad_signature_even_when_also_expired()
    {
        Assert.Equal(LinkCheck.BadSignature, Links.Verify(AlertId.ToString(), "acknowledge", Recipient, "1000", AckSig, Now));
    }

    [Theory]
    [InlineData("not-a-guid", "acknowledge", Recipient, Exp, AckSig)]
    [InlineData(null, "acknowledge", Recipient, Exp, AckSig)]
    [InlineData("3f2504e04f8911d39a0c0305e82c3301", "acknowledge", Recipient, Exp, AckSig)]   // links use the dashed form only
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "Acknowledge", Recipient, Exp, AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "delete", Recipient, Exp, AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", "", Exp, AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, "", AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, "soon", AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, "-1", AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, "+1749384005", AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, "99999999999999999999", AckSig)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, Exp, "")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, Exp, "not base64url!")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "acknowledge", Recipient, Exp, null)]
    public void Malformed_parts_are_reported_as_such(string? id, string? action, string? recipient, string? exp, string? sig) =>
        Assert.Equal(LinkCheck.Malformed, Links.Verify(id, action, recipient, exp, sig, Now));

    [Fact]
    public void A_short_signature_is_a_bad_signature()
    {
        Assert.Equal(LinkCheck.BadSignature, Links.Verify(AlertId.ToString(), "acknowledge", Recipient, Exp, AckSig[..20], Now));
    }

    [Theory]
    [InlineData("https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=email%3Aalice%40example.com&exp=1749384005&sig=" + AckSig, LinkCheck.Valid)]
    [InlineData("https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?exp=1749384005&sig=" + AckSig + "&recipient=email:alice@example.com", LinkCheck.Valid)]
    [InlineData("https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resolve?recipient=email%3Aalice%40example.com&exp=1749384005&sig=" + AckSig, LinkCheck.BadSignature)]
    [InlineData("https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=email%3Abob%40example.com&exp=1749384005&sig=" + AckSig, LinkCheck.BadSignature)]
    [InlineData("https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=a&recipient=b&exp=1749384005&sig=" + AckSig, LinkCheck.Malformed)]
    [InlineData("https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=email%3Aalice%40example.com&sig=" + AckSig, LinkCheck.Malformed)]
    [InlineData("https://alerts.example.com/other/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=email%3Aalice%40example.com&exp=1749384005&sig=" + AckSig, LinkCheck.Malformed)]
    [InlineData("https://alerts.example.com/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge/x?recipient=email%3Aalice%40example.com&exp=1749384005&sig=" + AckSig, LinkCheck.Malformed)]
    public void Whole_urls_are_checked_from_their_path_and_query(string url, LinkCheck expected) =>
        Assert.Equal(expected, Links.Verify(new Uri(url), Now));

    [Fact]
    public void A_base_url_with_a_path_prefixes_the_links()
    {
        var links = new ActionLinks(Key, new Uri("https://example.com/suite/alerting/"));
        var link = links.Create(AlertId, AlertAction.Acknowledge, "slack:abc", Now);
        Assert.Equal(
            $"https://example.com/suite/alerting/alerts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/acknowledge?recipient=slack%3Aabc&exp={Exp}&sig=DyX61R8tZwCvDDFPbmq7ISK1VIEQh45wXN4vnNtI5HU",
            link.AbsoluteUri);
        Assert.Equal(LinkCheck.Valid, links.Verify(link, Now));
        Assert.Equal(LinkCheck.Malformed, Links.Verify(link, Now));   // not under this service's /alerts/
    }

    [Fact]
    public void Recipients_with_separators_and_unicode_round_trip()
    {
        const string odd = "email:o'brien|x&y=z+ü@example.com";
        var link = Links.Create(AlertId, AlertAction.Resolve, odd, Now);
        Assert.Equal(LinkCheck.Valid, Links.Verify(link, Now));
        Assert.Equal(LinkCheck.Valid, Links.Verify(AlertId.ToString(), "resolve", odd, Exp, link.Query.Split("sig=")[1], Now));
    }

    [Fact]
    public void A_short_key_is_rejected_naming_the_field()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ActionLinks(new byte[31], Base));
        Assert.Equal("key", ex.ParamName);
        Assert.Contains("at least 32 bytes, got 31", ex.Message);
    }

    [Theory]
    [InlineData("/relative")]
    [InlineData("ftp://alerts.example.com/")]
    [InlineData("https://alerts.example.com/?a=b")]
    [InlineData("https://alerts.example.com/#top")]
    public void A_bad_base_url_is_rejected_naming_the_field(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ActionLinks(Key, new Uri(url, UriKind.RelativeOrAbsolute)));
        Assert.Equal("publicBaseUrl", ex.ParamName);
    }

    [Fact]
    public void A_non_positive_lifetime_is_rejected_naming_the_field()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Links.Create(AlertId, AlertAction.Resolve, Recipient, Now, TimeSpan.Zero));
        Assert.Equal("lifetime", ex.ParamName);
        Assert.Equal("recipient", Assert.Throws<ArgumentException>(() => Links.Create(AlertId, AlertAction.Resolve, " ", Now)).ParamName);
    }
}
