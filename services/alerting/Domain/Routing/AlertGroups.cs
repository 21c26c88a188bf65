using System.Text;

namespace Suite.Alerting.Domain.Routing;

/// <summary>
/// Alertmanager's aggregation groups: alerts that reached the same route and agree on its group_by labels are
/// notified together.
/// </summary>
public static class AlertGroups
{
    /// <summary>
    /// The group_by labels the alert has (all of them for "..."). A missing or empty label is left out, as in
    /// Alertmanager (Prometheus treats an empty value as no label), so it groups with alerts that lack it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> GroupLabels(RouteMatch route, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(labels);
        var picked = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            if (value.Length > 0 && (route.GroupByAll || route.GroupBy.Contains(name)))
            {
                picked[name] = value;
            }
        }
        return picked;
    }

    /// <summary>
    /// <c>{route path}:{name="value",…}</c>, names sorted, values escaped like Prometheus label sets: stable across
    /// replicas and label order, and distinct per route so one alert routed twice (continue) lands in two groups.
    /// </summary>
    public static string GroupKey(RouteMatch route, IReadOnlyDictionary<string, string> labels)
    {
        var key = new StringBuilder(route.Path).Append(":{");
        var first = true;
        foreach (var (name, value) in GroupLabels(route, labels))
        {
            if (!first)
            {
                key.Append(',');
            }
            first = false;
            key.Append(name).Append("=\"");
            foreach (var c in value)
            {
                key.Append(c switch
                {
                    '\\' => "\\\\",
                    '"' => "\\\"",
                    '\n' => "\\n",
                    _ => c.ToString(),
                });
            }
            key.Append('"');
        }
        return key.Append('}').ToString();
    }
}

/// <summary>
/// A group's flush bookkeeping: when it last went out, and the flush already planned for notifications waiting in
/// it (null when none wait).
/// </summary>
public sealed record GroupSchedule(DateTimeOffset? LastFlushAt, DateTimeOffset? PlannedFlushAt);

/// <summary>
/// When a group sends (Alertmanager's timers, applied per notification): the first notification of a new group waits
/// group_wait, so alerts arriving together go out together; while the group lives, later ones go out at the next
/// group_interval after the last flush; a notification arriving while a flush is planned joins it.
/// </summary>
public static class GroupTimer
{
    /// <param name="schedule">The group's bookkeeping, null when it never flushed.</param>
    /// <param name="active">Whether another alert of the group is still open: when none is, the group has ended and a
    /// new alert starts it again with group_wait (Alertmanager drops a group whose alerts all resolved).</param>
    /// <param name="now">When the notification was decided (its escalation step fired).</param>
    public static DateTimeOffset FlushAt(GroupSchedule? schedule, bool active, TimeSpan groupWait, TimeSpan groupInterval, DateTimeOffset now)
    {
        if (schedule?.PlannedFlushAt is { } planned)
        {
            // A planned flush that is already late still goes out first: joining it never delays this one.
            return planned > now ? planned : now;
        }
        if (active && schedule?.LastFlushAt is { } last)
        {
            var next = last + groupInterval;
            return next > now ? next : now;
        }
        return now + groupWait;
    }
}
