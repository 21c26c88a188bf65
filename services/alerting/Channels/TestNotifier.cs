using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;

namespace Suite.Alerting.Channels;

/// <summary>How one channel target took the test message.</summary>
public sealed record TestSendResult(string Channel, string Target, bool Sent, string? Error);

/// <summary>
/// Sends a test message to a recipient's channel targets right away, through the same channels as real
/// notifications but not through the delivery queue: the caller wants to see now whether it arrives, and a failure
/// is reported rather than retried.
/// </summary>
public sealed class TestNotifier(IEnumerable<INotificationChannel> channels, TimeProvider clock)
{
    public const string AlertName = "Test notification";

    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name);

    /// <summary>One send per target, in the recipient's order, all at once (each bounded by the channel's own timeout).</summary>
    public async Task<IReadOnlyList<TestSendResult>> SendAsync(string tenant, Recipient recipient, IReadOnlyList<ChannelTarget> targets, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var notice = Notice(tenant, recipient.Name, now);
        var sends = targets.Select(async target =>
        {
            if (!_channels.TryGetValue(target.Channel, out var channel))
            {
                return new TestSendResult(target.Channel, target.Address, false, $"no channel named '{target.Channel}'");
            }
            var result = await channel.SendAsync(
                new OutgoingNotification(Guid.CreateVersion7(now), NotificationKind.Firing, target.Address, notice, 1, WithLinks: false), ct);
            return result.Outcome == DeliveryOutcome.Delivered
                ? new TestSendResult(target.Channel, target.Address, true, null)
                : new TestSendResult(target.Channel, target.Address, false, result.Error ?? result.Outcome.ToString());
        });
        return await Task.WhenAll(sends);
    }

    /// <summary>An info-level notice that says what it is; its fingerprint marks it as a test.</summary>
    public static AlertNotice Notice(string tenant, string recipient, DateTimeOffset now) => new(
        NotificationKind.Firing, Guid.CreateVersion7(now), tenant, Guid.Empty, AlertName,
        $"a test for recipient '{recipient}': alerts reach you here", Comparison.Above, 0, 0,
        AlertSeverity.Info, now, now, "test:" + recipient);
}
