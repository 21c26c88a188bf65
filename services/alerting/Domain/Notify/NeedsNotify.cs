namespace Suite.Alerting.Domain.Notify;

/// <summary>
/// The notification log entry of the last notification sent for one (group, receiver): the fingerprints that were
/// firing and resolved in it, and when it was sent (Alertmanager's nflog entry).
/// </summary>
public sealed record NotificationLogEntry(IReadOnlySet<string> FiringAlerts, IReadOnlySet<string> ResolvedAlerts, DateTimeOffset SentAt);

/// <summary>Alertmanager's DedupStage decision (notify.go, <c>needsUpdate</c>) as a pure function.</summary>
public static class NeedsNotify
{
    /// <summary>
    /// Whether to notify (group, receiver) now, in Alertmanager's order:
    /// <list type="number">
    /// <item>no previous entry → notify if anything is firing. Only resolved alerts → no: the receiver never heard of
    /// them firing (Alertmanager's rule; they fired and resolved between two notifications).</item>
    /// <item>an alert firing now that was not firing in the previous notification → notify.</item>
    /// <item>nothing firing now → notify if the previous notification had firing alerts and <paramref name="sendResolved"/>.
    /// (Alertmanager returns true here regardless and lets the integration drop resolved-only messages, so that the
    /// log is cleared: when this returns false, still record the entry if <see cref="ClearsLog"/> says so.)</item>
    /// <item>an alert resolved now that was not resolved in the previous notification, and <paramref name="sendResolved"/> → notify.</item>
    /// <item>nothing changed → notify once now ≥ sent at + <paramref name="repeatInterval"/> (Alertmanager: strictly after).</item>
    /// </list>
    /// </summary>
    public static bool Decide(
        NotificationLogEntry? previous,
        IReadOnlySet<string> firing,
        IReadOnlySet<string> resolved,
        bool sendResolved,
        TimeSpan repeatInterval,
        DateTimeOffset now)
    {
        if (previous is null)
        {
            return firing.Count > 0;
        }
        if (!firing.IsSubsetOf(previous.FiringAlerts))
        {
            return true;
        }
        if (firing.Count == 0)
        {
            return sendResolved && previous.FiringAlerts.Count > 0;
        }
        if (sendResolved && !resolved.IsSubsetOf(previous.ResolvedAlerts))
        {
            return true;
        }
        return now >= previous.SentAt + repeatInterval;
    }

    /// <summary>
    /// Everything the receiver was told is firing has resolved: write a log entry with no firing alerts even when
    /// nothing is sent, or a later re-fire of the same alerts would look like "nothing changed".
    /// </summary>
    public static bool ClearsLog(NotificationLogEntry? previous, IReadOnlySet<string> firing) =>
        previous is not null && previous.FiringAlerts.Count > 0 && firing.Count == 0;
}
