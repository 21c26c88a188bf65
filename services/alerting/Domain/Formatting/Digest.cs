namespace Suite.Alerting.Domain.Formatting;

/// <summary>One alert held back (quiet hours) and delivered in a digest; links only for firing alerts.</summary>
public sealed record DigestEntry(AlertNotice Notice, Links.AlertActionUrls? Links = null);

/// <summary>The route group a several-alert message is for: its key and group labels.</summary>
public sealed record DigestGroup(string Key, IReadOnlyDictionary<string, string> Labels);

/// <summary>What a digest lists, in which order, and how many it leaves out: shared by Slack and email.</summary>
public static class Digest
{
    /// <summary>Lines listed in one digest message; the rest are counted ("and 3 more").</summary>
    public const int MaxLines = 20;

    /// <summary>
    /// Firing before resolved, then the most severe, then the oldest, then by fingerprint (a stable order for equal
    /// times), so the lines that fit are the ones to act on first.
    /// </summary>
    public static (IReadOnlyList<DigestEntry> Shown, int More) Select(IReadOnlyList<DigestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("a digest needs at least one alert", nameof(entries));
        }
        var ordered = entries
            .OrderBy(e => e.Notice.Kind == NotificationKind.Firing ? 0 : 1)
            .ThenByDescending(e => e.Notice.Severity)
            .ThenBy(e => e.Notice.StartedAt)
            .ThenBy(e => e.Notice.Fingerprint, StringComparer.Ordinal)
            .ThenBy(e => e.Notice.AlertId)
            .ToList();
        return (ordered.Take(MaxLines).ToList(), Math.Max(0, ordered.Count - MaxLines));
    }

    /// <summary>"3 alerts held during quiet hours" / "1 alert held during quiet hours".</summary>
    public static string Title(int count) => $"{count} alert{(count == 1 ? "" : "s")} held during quiet hours";

    /// <summary>
    /// An Alertmanager-style title for one group's notification: "[FIRING:3] alertname=churn tenant=acme" (the
    /// group labels, sorted), "[RESOLVED]" when none of them fires any more.
    /// </summary>
    public static string GroupTitle(IReadOnlyList<DigestEntry> entries, IReadOnlyDictionary<string, string> groupLabels)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(groupLabels);
        var firing = entries.Count(e => e.Notice.Kind == NotificationKind.Firing);
        var state = firing > 0 ? $"[FIRING:{firing}]" : "[RESOLVED]";
        var labels = string.Join(" ", groupLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return labels.Length == 0 ? $"{state} {entries.Count} alert{(entries.Count == 1 ? "" : "s")}" : $"{state} {labels}";
    }

    public static string More(int more) => $"and {more} more";

    /// <summary>"[FIRING] Login success low: login_success_rate = 0.42 (tenant acme, since 2025-06-01 12:00:00 UTC)".</summary>
    public static string Line(AlertNotice n) =>
        $"{AlertText.Title(n)} (tenant {n.Tenant}, {(n.Kind == NotificationKind.Firing ? $"since {AlertText.Time(n.StartedAt)}" : $"resolved at {AlertText.Time(n.At)}")})";
}
