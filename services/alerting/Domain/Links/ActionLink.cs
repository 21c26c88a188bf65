using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace Suite.Alerting.Domain.Links;

/// <summary>
/// Signed acknowledge/resolve links served by the alerting service:
/// <c>{base}/alerts/{alertId}/{action}?recipient={r}&amp;exp={unix}&amp;sig={sig}</c> where
/// <c>sig = base64url(HMAC-SHA256(key, "alertId|action|recipient|exp"))</c>. Whoever holds the link may act, until
/// <c>exp</c>: the link is a bearer capability, so it carries an expiry and is bound to the alert, the action and
/// the recipient it was sent to (for the audit). Pure: the clock is an argument.
/// </summary>
public sealed class ActionLinks
{
    /// <summary>A week: long enough to act on a Friday-night alert after the weekend, short enough to age out.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    /// <summary>HMAC-SHA256 keys shorter than the hash add no strength and hint at a typo in configuration.</summary>
    public const int MinKeyBytes = 32;

    // 32 bytes in unpadded base64url; anything much longer is not one of ours.
    private const int MaxSignatureChars = 64;

    private readonly byte[] _key;
    private readonly string _base;
    private readonly string _alertsPath;

    public ActionLinks(byte[] key, Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"the link signing key must be at least {MinKeyBytes} bytes, got {key.Length}", nameof(key));
        }
        if (!publicBaseUrl.IsAbsoluteUri || publicBaseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"the public base URL must be an absolute http(s) URL, got '{publicBaseUrl}'", nameof(publicBaseUrl));
        }
        if (publicBaseUrl.Query.Length > 0 || publicBaseUrl.Fragment.Length > 0)
        {
            throw new ArgumentException($"the public base URL must not have a query or fragment, got '{publicBaseUrl}'", nameof(publicBaseUrl));
        }
        _key = (byte[])key.Clone();
        PublicBaseUrl = publicBaseUrl;
        _base = publicBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _alertsPath = publicBaseUrl.AbsolutePath.TrimEnd('/') + "/alerts/";
    }

    public Uri PublicBaseUrl { get; }

    /// <summary>The link for one action; it expires <paramref name="lifetime"/> (default 7 days) after <paramref name="now"/>.</summary>
    public Uri Create(Guid alertId, AlertAction action, string recipient, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        var life = lifetime ?? DefaultLifetime;
        if (life <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), life, "a link lifetime must be positive");
        }
        var id = alertId.ToString("D");
        var segment = AlertActions.Segment(action);
        var exp = (now + life).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Base64Url.EncodeToString(Sign(id, segment, recipient, exp));
        return new Uri($"{_base}/alerts/{id}/{segment}?recipient={Uri.EscapeDataString(recipient)}&exp={exp}&sig={sig}");
    }

    /// <summary>Both links of a firing alert's message, with the same expiry.</summary>
    public AlertActionUrls CreatePair(Guid alertId, string recipient, DateTimeOffset now, TimeSpan? lifetime = null) => new(
        Create(alertId, AlertAction.Acknowledge, recipient, now, lifetime),
        Create(alertId, AlertAction.Resolve, recipient, now, lifetime));

    /// <summary>
    /// Checks the parts of a link as they came in (route values and query, already URL-decoded). Form first, then the
    /// signature, then the expiry: a forged or edited link says BadSignature, never whether it would have expired.
    /// A link is valid strictly before <c>exp</c>.
    /// </summary>
    public LinkCheck Verify(string? alertId, string? action, string? recipient, string? exp, string? sig, DateTimeOffset now)
    {
        if (!Guid.TryParseExact(alertId, "D", out var id)
            || !AlertActions.TryParse(action, out _)
            || string.IsNullOrWhiteSpace(recipient)
            || !TryParseExp(exp, out var expiresAt)
            || !TryDecodeSignature(sig, out var given))
        {
            return LinkCheck.Malformed;
        }
        var expected = Sign(id.ToString("D"), action!, recipient, exp!);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return LinkCheck.BadSignature;
        }
        return now < expiresAt ? LinkCheck.Valid : LinkCheck.Expired;
    }

    /// <summary>Checks a whole link URL: its path must be this service's <c>/alerts/{id}/{action}</c>.</summary>
    public LinkCheck Verify(Uri link, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.IsAbsoluteUri || !link.AbsolutePath.StartsWith(_alertsPath, StringComparison.Ordinal))
        {
            return LinkCheck.Malformed;
        }
        var rest = link.AbsolutePath[_alertsPath.Length..].Split('/');
        var query = HttpUtility.ParseQueryString(link.Query);
        if (rest.Length != 2 || !TrySingle(query, "recipient", out var recipient) || !TrySingle(query, "exp", out var exp)
            || !TrySingle(query, "sig", out var sig))
        {
            return LinkCheck.Malformed;
        }
        return Verify(rest[0], rest[1], recipient, exp, sig, now);
    }

    private byte[] Sign(string alertId, string action, string recipient, string exp) =>
        // The fields cannot be confused with one another: the id is a GUID, the action a fixed word and exp digits,
        // so a '|' inside the recipient cannot move a boundary.
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{alertId}|{action}|{recipient}|{exp}"));

    private static bool TryParseExp(string? text, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        // Digits only: "+1", " 1" or "1e3" would be other texts for the same number, and the signature covers the text.
        if (string.IsNullOrEmpty(text) || text.Length > 12 || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static bool TryDecodeSignature(string? text, out byte[] signature)
    {
        signature = [];
        if (string.IsNullOrEmpty(text) || text.Length > MaxSignatureChars)
        {
            return false;
        }
        // Checked first: TryDecodeFromChars throws on characters outside the alphabet instead of returning false.
        if (!Base64Url.IsValid(text, out var length))
        {
            return false;
        }
        var buffer = new byte[length];
        if (!Base64Url.TryDecodeFromChars(text, buffer, out var written))
        {
            return false;
        }
        signature = buffer[..written];
        return true;
    }

    private static bool TrySingle(System.Collections.Specialized.NameValueCollection query, string name, out string value)
    {
        var values = query.GetValues(name);
        value = values is [var single] ? single : "";
        return values is [_];
    }
}
