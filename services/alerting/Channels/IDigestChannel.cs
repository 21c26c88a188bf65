using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Channels;

/// <summary>
/// Several alerts in one message to one target (Slack webhook URL, email address, webhook URL): a quiet-hours digest,
/// or with <paramref name="Group"/> one Alertmanager group's notification. Links are added by the channel.
/// </summary>
public sealed record OutgoingDigest(Guid Id, string Tenant, string Target, IReadOnlyList<DigestEntry> Entries, int Attempt, DigestGroup? Group = null)
{
    /// <summary>The group's title ("[FIRING:3] alertname=… tenant=…"), or null for a quiet-hours digest.</summary>
    public string? GroupTitle => Group is null ? null : Digest.GroupTitle(Entries, Group.Labels);
}

/// <summary>
/// A channel that can send several alerts in one message: the digest of notifications held during a recipient's
/// quiet hours, and a group's notification.
/// </summary>
public interface IDigestChannel
{
    string Name { get; }

    Task<DeliveryResult> SendDigestAsync(OutgoingDigest digest, CancellationToken ct);
}
