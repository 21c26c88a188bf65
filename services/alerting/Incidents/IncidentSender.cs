using System.Text.Json;
using Suite.Alerting.Channels;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Incidents;

/// <summary>
/// The adapter between incident delivery rows and the existing channels: a firing/resolved row goes through
/// <see cref="INotificationChannel.SendAsync"/> as an <see cref="AlertNotice"/> (<see cref="IncidentNoticeAdapter"/>),
/// a digest or group row through <see cref="IDigestChannel.SendDigestAsync"/>.
/// </summary>
public sealed class IncidentSender(IEnumerable<INotificationChannel> channels)
{
    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name);

    public Task<DeliveryResult> SendAsync(DueDelivery d, CancellationToken ct)
    {
        if (!_channels.TryGetValue(d.Channel, out var channel))
        {
            return Task.FromResult(DeliveryResult.Permanent($"no channel named '{d.Channel}'"));
        }
        if (d.Kind is DeliveryKinds.Digest or DeliveryKinds.Group)
        {
            if (channel is not IDigestChannel digests)
            {
                return Task.FromResult(DeliveryResult.Permanent($"channel '{d.Channel}' cannot send several alerts in one message"));
            }
            List<IncidentNotice> notices;
            DigestGroup? group = null;
            if (d.Kind == DeliveryKinds.Group)
            {
                var grouped = JsonSerializer.Deserialize<GroupedNotices>(d.Payload, IncidentStore.Json)!;
                (notices, group) = (grouped.Notices.ToList(), new DigestGroup(grouped.GroupKey, grouped.GroupLabels));
            }
            else
            {
                notices = JsonSerializer.Deserialize<List<IncidentNotice>>(d.Payload, IncidentStore.Json)!;
            }
            var entries = notices.Select(n => new DigestEntry(IncidentNoticeAdapter.ToAlertNotice(n))).ToList();
            return digests.SendDigestAsync(new OutgoingDigest(d.Id, d.Tenant, d.Address, entries, d.Attempts + 1, group), ct);
        }
        var notice = IncidentNoticeAdapter.ToAlertNotice(JsonSerializer.Deserialize<IncidentNotice>(d.Payload, IncidentStore.Json)!);
        return channel.SendAsync(new OutgoingNotification(d.Id, notice.Kind, d.Address, notice, d.Attempts + 1), ct);
    }
}
