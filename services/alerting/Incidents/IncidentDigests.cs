using Suite.Alerting.Domain.Schedule;

namespace Suite.Alerting.Incidents;

/// <summary>A held delivery row being released: what it said and when it was held.</summary>
public sealed record HeldDelivery(Guid Id, IncidentNotice Notice, DateTimeOffset HeldAt);

/// <summary>Pure: folds one recipient address's held deliveries into the notices of one digest (<see cref="Digests.Build"/>).</summary>
public static class IncidentDigests
{
    /// <summary>
    /// One notice per digest line: a line still firing carries the latest firing notice, a "resolved" or "fired and
    /// resolved" line the resolve. Empty when nothing was held.
    /// </summary>
    public static IReadOnlyList<IncidentNotice> Fold(IReadOnlyList<HeldDelivery> held, DateTimeOffset releasedAt)
    {
        var digest = Digests.Build(held.Select(h => new HeldNotification(
            h.Notice.Fingerprint,
            h.Notice.AlertName,
            h.Notice.Severity,
            h.Notice.Kind == IncidentNoticeKind.Firing ? HeldStatus.Firing : HeldStatus.Resolved,
            h.HeldAt)), releasedAt);
        if (digest is null)
        {
            return [];
        }
        var notices = new List<IncidentNotice>();
        foreach (var line in digest.Lines)
        {
            var kind = line.Kind == DigestLineKind.Firing ? IncidentNoticeKind.Firing : IncidentNoticeKind.Resolved;
            // The line's item is the held notice of that alert and kind at the line's time.
            var notice = held
                .Where(h => h.Notice.Fingerprint == line.Fingerprint && h.Notice.Kind == kind && h.HeldAt == line.At)
                .Select(h => h.Notice)
                .First();
            notices.Add(notice);
        }
        return notices;
    }
}
