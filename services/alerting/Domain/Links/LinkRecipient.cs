using System.Security.Cryptography;
using System.Text;

namespace Suite.Alerting.Domain.Links;

/// <summary>
/// Who a link was sent to, as it appears in the link (and so in the audit of who acknowledged). Never a secret:
/// a Slack incoming-webhook URL lets anyone post, so it is represented by a hash.
/// </summary>
public static class LinkRecipient
{
    /// <summary>"email:alice@example.com" (lowercased: addresses compare case-insensitively, as in dedup).</summary>
    public static string ForEmail(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return "email:" + address.Trim().ToLowerInvariant();
    }

    /// <summary>"slack:" + 16 hex characters of SHA-256 of the webhook URL.</summary>
    public static string ForSlackWebhook(string webhookUrl) => "slack:" + Hash(webhookUrl);

    /// <summary>"webhook:" + 16 hex characters of SHA-256 of the URL (it may carry a token in its query).</summary>
    public static string ForWebhook(string url) => "webhook:" + Hash(url);

    private static string Hash(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)), 0, 8);
    }
}
