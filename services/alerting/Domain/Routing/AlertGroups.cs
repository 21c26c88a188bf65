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

/// <summary>What the timer needs to know about one group: when its first alert arrived, when it last flushed.</summary>
public sealed record GroupState(DateTimeOffset FirstSeenAt, DateTimeOffset? LastFlushAt = null);

/// <summary>
/// When a group sends: the first notification waits group_wait after the first alert (so alerts arriving together
/// go out together), later ones follow at group_interval after the last flush. repeat_interval is not a timer
/// here: whether an unchanged group needs re-notifying is the dedup stage's call (<see cref="GroupTiming.RepeatInterval"/>).
/// </summary>
public static class GroupTimer
{
    public static DateTimeOffset NextFlush(GroupState state, GroupTiming timing)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(timing);
        return state.LastFlushAt is { } last ? last + timing.GroupInterval : state.FirstSeenAt + timing.GroupWait;
    }

    /// <summary>Due at the flush time itself (≥), so a group_wait of 0 flushes in the same evaluation.</summary>
    public static bool IsDue(GroupState state, GroupTiming timing, DateTimeOffset now) => now >= NextFlush(state, timing);

    /// <summary>The state after flushing at <paramref name="at"/>.</summary>
    public static GroupState Flushed(GroupState state, DateTimeOffset at) => state with { LastFlushAt = at };
}
