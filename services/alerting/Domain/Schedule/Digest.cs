namespace Suite.Alerting.Domain.Schedule;

public enum HeldStatus
{
    Firing,
    Resolved,
}

/// <summary>A notification held back by quiet hours. <see cref="Fingerprint"/> identifies the alert instance (<see cref="AlertFingerprint"/>).</summary>
public sealed record HeldNotification(string Fingerprint, string AlertName, string Severity, HeldStatus Status, DateTimeOffset At);

public enum DigestLineKind
{
    Firing,
    Resolved,
    FiredAndResolved,
}

/// <summary>One alert in a digest. <see cref="At"/> is its latest held time; <see cref="FiredAt"/> the first held firing (null for "resolved").</summary>
public sealed record DigestLine(string Fingerprint, string AlertName, string Severity, DigestLineKind Kind, DateTimeOffset At, DateTimeOffset? FiredAt = null)
{
    public string Text => $"{AlertName} [{Severity}] " + Kind switch
    {
        DigestLineKind.Firing => "firing",
        DigestLineKind.Resolved => "resolved",
        _ => "fired and resolved",
    };
}

/// <summary>What one recipient gets when quiet hours end: lines per severity (ordinal severity keys) and the lines newest first.</summary>
public sealed record Digest(DateTimeOffset ReleasedAt, IReadOnlyDictionary<string, int> CountsBySeverity, IReadOnlyList<DigestLine> Lines);

/// <summary>Folds a recipient's held notifications into one digest.</summary>
public static class Digests
{
    /// <summary>
    /// Per alert (fingerprint), in time order: a firing followed by a resolve is one "fired and resolved" line (the
    /// recipient never heard of the firing, so both are news, but one line is enough); a firing held again before a
    /// resolve (repeat notifications) is the same line, <see cref="DigestLine.FiredAt"/> keeping the first firing time; a resolve whose firing was not
    /// held (it was delivered before the quiet hours) is "resolved"; a firing still open is "firing". An alert that
    /// fired, resolved and fired again gets two lines. Counts are lines per severity, the line taking the severity of
    /// its latest item. Lines are newest first (ties by alert name, then fingerprint, ordinal).
    /// </summary>
    /// <returns>Null when nothing was held: no digest is sent.</returns>
    public static Digest? Build(IEnumerable<HeldNotification> held, DateTimeOffset releasedAt)
    {
        var lines = new List<DigestLine>();
        foreach (var alert in held.GroupBy(h => h.Fingerprint, StringComparer.Ordinal))
        {
            HeldNotification? firing = null;
            HeldNotification? latestFiring = null;
            foreach (var item in alert.OrderBy(h => h.At).ThenBy(h => h.Status))
            {
                if (item.Status == HeldStatus.Firing)
                {
                    firing ??= item;
                    latestFiring = item;
                }
                else if (firing is not null)
                {
                    lines.Add(new DigestLine(item.Fingerprint, item.AlertName, item.Severity, DigestLineKind.FiredAndResolved, item.At, firing.At));
                    firing = latestFiring = null;
                }
                else
                {
                    lines.Add(new DigestLine(item.Fingerprint, item.AlertName, item.Severity, DigestLineKind.Resolved, item.At));
                }
            }
            if (latestFiring is not null)
            {
                lines.Add(new DigestLine(latestFiring.Fingerprint, latestFiring.AlertName, latestFiring.Severity, DigestLineKind.Firing, latestFiring.At, firing!.At));
            }
        }
        if (lines.Count == 0)
        {
            return null;
        }
        var ordered = lines
            .OrderByDescending(l => l.At)
            .ThenBy(l => l.AlertName, StringComparer.Ordinal)
            .ThenBy(l => l.Fingerprint, StringComparer.Ordinal)
            .ToList();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in ordered)
        {
            counts[line.Severity] = counts.GetValueOrDefault(line.Severity) + 1;
        }
        return new Digest(releasedAt, counts, ordered);
    }
}
