namespace Suite.Reporting.Domain.Scheduling;

/// <summary>
/// What the scheduler does with a due subscription: run it for one scheduled time (on time, or a catch-up),
/// record a missed time as skipped, or nothing; and when it is due next.
/// </summary>
public sealed record ScheduleDecision(DateTimeOffset? RunFor, bool CatchUp, DateTimeOffset? SkippedFor, int Missed, DateTimeOffset? NextRunAt);

/// <summary>Pure scheduling decisions over a <see cref="ReportSchedule"/>; every instant is UTC.</summary>
public static class ScheduleDecisions
{
    /// <summary>Missed times counted at most (a minutely schedule down for a month stops counting here).</summary>
    public const int MaxCounted = 10_000;

    /// <summary>The first scheduled time strictly after <paramref name="after"/>, null if the expression never fires again.</summary>
    public static DateTimeOffset? NextAfter(ReportSchedule schedule, DateTimeOffset after) =>
        schedule.Cron.GetNextOccurrence(after, schedule.Zone, inclusive: false)?.ToUniversalTime();

    /// <summary>
    /// At <paramref name="now"/>, for a subscription due at <paramref name="dueAt"/> (its stored next run time):
    /// <list type="bullet">
    /// <item>not due yet → nothing;</item>
    /// <item>otherwise the latest scheduled time ≤ now (from <paramref name="dueAt"/> on) is the one that counts,
    /// earlier ones are missed for good (a report is about its period; ten stale copies help nobody). It runs
    /// when it is at most <paramref name="grace"/> old (on time), else per the policy: once → run it as a
    /// catch-up, skip → record it skipped;</item>
    /// <item>next run: the first scheduled time after now.</item>
    /// </list>
    /// </summary>
    public static ScheduleDecision Decide(ReportSchedule schedule, DateTimeOffset dueAt, DateTimeOffset now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (now < dueAt)
        {
            return new ScheduleDecision(null, false, null, 0, dueAt);
        }
        var latest = dueAt;
        var count = 1;
        // dueAt is a scheduled time; walk forward to the last one not after now.
        while (count < MaxCounted && NextAfter(schedule, latest) is { } next && next <= now)
        {
            latest = next;
            count++;
        }
        var nextRun = NextAfter(schedule, now);
        if (now - latest <= grace)
        {
            return new ScheduleDecision(latest, false, null, count - 1, nextRun);
        }
        return schedule.CatchUp == CatchUpPolicy.Once
            ? new ScheduleDecision(latest, true, null, count - 1, nextRun)
            : new ScheduleDecision(null, false, latest, count - 1, nextRun);
    }

    /// <summary>
    /// The period a scheduled run reports on: from the previous scheduled time to this one (a daily 06:00 report
    /// covers the 24 hours before it, 23 or 25 across a DST change). Cronos has no "previous", so it steps back in
    /// growing windows until one holds an earlier time.
    /// </summary>
    public static DateTimeOffset PreviousBefore(ReportSchedule schedule, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        foreach (var back in new[] { TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(8), TimeSpan.FromDays(32), TimeSpan.FromDays(366), TimeSpan.FromDays(366 * 5) })
        {
            DateTimeOffset? previous = null;
            foreach (var occurrence in schedule.Cron.GetOccurrences(at - back, at, schedule.Zone, fromInclusive: true, toInclusive: false))
            {
                previous = occurrence;
            }
            if (previous is { } found)
            {
                return found.ToUniversalTime();
            }
        }
        return at - TimeSpan.FromDays(1);
    }
}
