using Suite.Reporting.Delivery;

namespace Suite.Reporting.Tests.Scheduling;

public sealed class DownloadLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Report = Guid.Parse("0193a5b2-7c1d-7e00-8000-000000000001");
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static (long Expires, string Signature) Parts(Uri link)
    {
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        return (long.Parse(query["expires"]!), query["sig"]!);
    }

    [Fact]
    public void A_link_is_valid_until_it_expires_and_only_for_its_report()
    {
        var links = new DownloadLinks(Key, new Uri("https://reports.example.com/base/"), TimeSpan.FromDays(7));
        var link = links.Create(Report, Now);
        Assert.StartsWith($"https://reports.example.com/base/reports/{Report:D}/download?expires={Now.AddDays(7).ToUnixTimeSeconds()}&sig=", link.AbsoluteUri);
        var (expires, signature) = Parts(link);

        Assert.Equal(LinkCheck.Valid, links.Check(Report, expires, signature, Now.AddDays(7)));
        Assert.Equal(LinkCheck.Expired, links.Check(Report, expires, signature, Now.AddDays(7).AddSeconds(1)));
        Assert.Equal(LinkCheck.BadSignature, links.Check(Guid.NewGuid(), expires, signature, Now));
        Assert.Equal(LinkCheck.BadSignature, links.Check(Report, expires + 3600, signature, Now));   // a longer life is not for sale
        Assert.Equal(LinkCheck.BadSignature, links.Check(Report, expires, null, Now));
        var otherKey = new DownloadLinks(Key.Reverse().ToArray(), new Uri("https://reports.example.com/"), TimeSpan.FromDays(7));
        Assert.Equal(LinkCheck.BadSignature, otherKey.Check(Report, expires, signature, Now));
    }

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true)]   // standard base64, 32 bytes
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", true)]    // unpadded
    [InlineData("-_-_AwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", true)]    // URL-safe, as the AppHost writes it
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd", false)]      // 30 bytes
    [InlineData("not base64!", false)]
    public void Keys_are_base64_of_at_least_32_bytes(string key, bool valid) =>
        Assert.Equal(valid, DownloadLinks.DecodeKey(key) is not null);
}
