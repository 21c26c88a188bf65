using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;

namespace Suite.Alerting.Channels;

/// <summary>
/// One message to one target of a channel, with the attempt number (1 for the first try). <paramref name="WithLinks"/>
/// false leaves out the Acknowledge/Resolve links (a test message has no incident behind it).
/// </summary>
public sealed record OutgoingNotification(Guid Id, NotificationKind Kind, string Target, AlertNotice Notice, int Attempt, bool WithLinks = true);

/// <summary>
/// A way to reach people (Slack, email; later pager, SMS…). A channel sends once and reports how it went;
/// retries, backoff and bookkeeping belong to the notifier.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The channel name stored on notification rows ("slack", "email").</summary>
    string Name { get; }

    Task<DeliveryResult> SendAsync(OutgoingNotification notification, CancellationToken ct);
}
