using System.Security.Cryptography;
using System.Text;

namespace Suite.Reporting.Delivery;

/// <summary>
/// Signed download links for stored reports: <c>{base}/reports/{id}/download?expires={unix}&amp;sig={HMAC}</c>, the
/// HMAC-SHA256 of "id.expires" with a key every replica shares. Anyone holding the link can download until it
/// expires (that is the point of a link in a Slack channel); nothing else about the report is guessable.
/// </summary>
public sealed class DownloadLinks(byte[] key, Uri publicBaseUrl, TimeSpan expiry)
{
    public const int MinKeyBytes = 32;

    public Uri Create(Guid reportId, DateTimeOffset now)
    {
        var expires = (now + expiry).ToUnixTimeSeconds();
        return new Uri(publicBaseUrl, $"reports/{reportId:D}/download?expires={expires}&sig={Sign(reportId, expires)}");
    }

    public DateTimeOffset ExpiresAt(DateTimeOffset now) => now + expiry;

    /// <summary>Whether the signature is ours and the link has not expired (checked in constant time).</summary>
    public LinkCheck Check(Guid reportId, long expires, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return LinkCheck.BadSignature;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(reportId, expires));
        var given = Encoding.ASCII.GetBytes(signature);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return LinkCheck.BadSignature;
        }
        return now.ToUnixTimeSeconds() > expires ? LinkCheck.Expired : LinkCheck.Valid;
    }

    /// <returns>The key, or null when it is not base64 (standard or URL-safe, padded or not) of at least <see cref="MinKeyBytes"/> bytes.</returns>
    public static byte[]? DecodeKey(string base64)
    {
        var standard = base64.Trim().Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '=');
        try
        {
            var key = Convert.FromBase64String(standard);
            return key.Length >= MinKeyBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string Sign(Guid reportId, long expires)
    {
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{reportId:N}.{expires}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

public enum LinkCheck
{
    Valid,
    BadSignature,
    Expired,
}
