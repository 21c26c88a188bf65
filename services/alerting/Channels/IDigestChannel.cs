using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Channels;

/// <summary>One quiet-hours digest to one target (Slack webhook URL, email address). Links are added by the channel.</summary>
public sealed record OutgoingDigest(Guid Id, string Tenant, string Target, IReadOnlyList<DigestEntry> Entries, int Attempt);

/// <summary>A channel that can also send the digest of notifications held during a recipient's quiet hours.</summary>
public interface IDigestChannel
{
    string Name { get; }

    Task<DeliveryResult> SendDigestAsync(OutgoingDigest digest, CancellationToken ct);
}
