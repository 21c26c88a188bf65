using Suite.Alerting.Domain.Labels;

namespace Suite.Alerting.Domain.Routing;

/// <summary>
/// One node of an Alertmanager routing tree. Null settings inherit from the parent (the root's fall back to
/// Alertmanager's defaults); <see cref="Matchers"/> and <see cref="Continue"/> are the node's own.
/// </summary>
public sealed record Route
{
    /// <summary>Group by every label (Alertmanager's <c>group_by: ['...']</c>).</summary>
    public const string AllLabels = "...";

    public string? Receiver { get; init; }

    /// <summary>Label names, or <c>["..."]</c> for all labels; an empty list puts every alert of the route in one group.</summary>
    public IReadOnlyList<string>? GroupBy { get; init; }

    public TimeSpan? GroupWait { get; init; }
    public TimeSpan? GroupInterval { get; init; }
    public TimeSpan? RepeatInterval { get; init; }

    /// <summary>All must match (empty matches everything). The root has none.</summary>
    public IReadOnlyList<LabelMatcher> Matchers { get; init; } = [];

    /// <summary>After this route matched, keep trying its later siblings.</summary>
    public bool Continue { get; init; }

    public IReadOnlyList<Route> Routes { get; init; } = [];
}

/// <summary>Group settings after inheritance.</summary>
public sealed record GroupTiming(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval)
{
    /// <summary>Alertmanager's defaults: group_wait 30s, group_interval 5m, repeat_interval 4h.</summary>
    public static GroupTiming Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
}

/// <summary>
/// A route an alert ended at, with its effective (inherited) settings. <see cref="Path"/> names the node by child
/// indexes ("root", "root/0", "root/0/2"), so groups of different routes never share a key.
/// <see cref="Grouped"/>: group_by is set on the route or above it. Without it, each alert notifies on its own as
/// soon as its escalation step is due (unlike Alertmanager, which then puts all the route's alerts in one group):
/// escalation is per alert, and an "immediate" route must not wait for group_wait by default.
/// </summary>
public sealed record RouteMatch(string Path, string Receiver, IReadOnlyList<string> GroupBy, GroupTiming Timing, bool Grouped = false)
{
    public bool GroupByAll => GroupBy.Count == 1 && GroupBy[0] == Route.AllLabels;
}
