using Suite.Alerting.Configuration.Runtime;

namespace Suite.Alerting.Incidents;

/// <summary>One notification to write: to whom, on which channel and address, now or held until quiet hours end.</summary>
public sealed record PlannedDelivery(string Recipient, string Channel, string Address, DateTimeOffset? HoldUntil);

/// <summary>Where a notification already went (recipient, channel, address): who hears about the resolve.</summary>
public sealed record NotifiedAddress(string Recipient, string Channel, string Address);

/// <summary>Pure: turns an escalation step or a resolve into delivery rows, applying each recipient's quiet hours.</summary>
public static class DeliveryPlanning
{
    /// <summary>
    /// Channels whose held notifications can be folded into a digest. A generic webhook gets machine-readable
    /// Alertmanager bodies, one alert each: holding them for a human digest makes no sense, so they go out at once.
    /// </summary>
    public static IReadOnlySet<string> DigestChannels { get; } = new HashSet<string>(StringComparer.Ordinal) { ChannelTarget.Slack, ChannelTarget.Email };

    /// <summary>
    /// Each target recipient × each of its channel targets, once (a recipient named twice in a level is notified
    /// once). Targets missing from the configuration are returned in <c>Unknown</c> (the document changed since
    /// the incident started): the others are still notified.
    /// </summary>
    public static (IReadOnlyList<PlannedDelivery> Planned, IReadOnlyList<string> Unknown) ForStep(
        IReadOnlyList<string> targets, IReadOnlyDictionary<string, Recipient> recipients, string severity, DateTimeOffset now)
    {
        var planned = new List<PlannedDelivery>();
        var unknown = new List<string>();
        foreach (var name in targets.Distinct(StringComparer.Ordinal))
        {
            if (!recipients.TryGetValue(name, out var recipient))
            {
                unknown.Add(name);
                continue;
            }
            planned.AddRange(For(recipient, recipient.Targets.Select(t => (t.Channel, t.Address)), severity, now));
        }
        return (planned, unknown);
    }

    /// <summary>
    /// One resolved notification per address that was told about the firing, unless its recipient has
    /// send_resolved off. A recipient no longer in the configuration still hears of the resolve (it heard of the
    /// firing), without quiet hours.
    /// </summary>
    public static IReadOnlyList<PlannedDelivery> ForResolve(
        IEnumerable<NotifiedAddress> notified, IReadOnlyDictionary<string, Recipient> recipients, string severity, DateTimeOffset now)
    {
        var planned = new List<PlannedDelivery>();
        foreach (var byRecipient in notified.Distinct().GroupBy(n => n.Recipient, StringComparer.Ordinal))
        {
            var addresses = byRecipient.Select(n => (n.Channel, n.Address));
            if (!recipients.TryGetValue(byRecipient.Key, out var recipient))
            {
                planned.AddRange(addresses.Select(a => new PlannedDelivery(byRecipient.Key, a.Channel, a.Address, null)));
                continue;
            }
            if (recipient.SendResolved)
            {
                planned.AddRange(For(recipient, addresses, severity, now));
            }
        }
        return planned;
    }

    private static IEnumerable<PlannedDelivery> For(
        Recipient recipient, IEnumerable<(string Channel, string Address)> addresses, string severity, DateTimeOffset now)
    {
        var holdUntil = recipient.QuietHours?.Decide(now, severity).HoldUntil;
        foreach (var (channel, address) in addresses.Distinct())
        {
            yield return new PlannedDelivery(recipient.Name, channel, address, DigestChannels.Contains(channel) ? holdUntil : null);
        }
    }
}
