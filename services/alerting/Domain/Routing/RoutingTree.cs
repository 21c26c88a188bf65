using Suite.Alerting.Domain.Labels;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Domain.Routing;

/// <summary>
/// Alertmanager's routing tree: an alert enters at the root and walks down depth-first. Among a node's children
/// the first that matches wins, unless it has <c>continue</c>, then later siblings are tried too; a node none of
/// whose children match is itself the match. The root matches every alert.
/// </summary>
public sealed class RoutingTree
{
    private readonly Node _root;

    /// <exception cref="ArgumentException">the root has no receiver (run <see cref="Validate"/> first for all problems).</exception>
    public RoutingTree(Route root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (string.IsNullOrWhiteSpace(root.Receiver))
        {
            throw new ArgumentException("the root route needs a receiver", nameof(root));
        }
        _root = Build(root, "root", null);
    }

    public Route Root => _root.Route;

    public IReadOnlyList<RouteMatch> Match(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var matches = new List<RouteMatch>();
        // The root's matchers are ignored: it is the catch-all (Validate rejects matchers on it).
        Walk(_root, labels, matches);
        return matches;
    }

    private static void Walk(Node node, IReadOnlyDictionary<string, string> labels, List<RouteMatch> matches)
    {
        var before = matches.Count;
        foreach (var child in node.Children)
        {
            if (!LabelMatcher.All(child.Route.Matchers, labels))
            {
                continue;
            }
            Walk(child, labels, matches);
            if (!child.Route.Continue)
            {
                break;
            }
        }
        if (matches.Count == before)
        {
            matches.Add(node.Effective);
        }
    }

    private sealed record Node(Route Route, RouteMatch Effective, IReadOnlyList<Node> Children);

    private static Node Build(Route route, string path, RouteMatch? parent)
    {
        var effective = new RouteMatch(
            path,
            string.IsNullOrWhiteSpace(route.Receiver) ? parent!.Receiver : route.Receiver,
            route.GroupBy ?? parent?.GroupBy ?? [],
            new GroupTiming(
                route.GroupWait ?? parent?.Timing.GroupWait ?? GroupTiming.Default.GroupWait,
                route.GroupInterval ?? parent?.Timing.GroupInterval ?? GroupTiming.Default.GroupInterval,
                route.RepeatInterval ?? parent?.Timing.RepeatInterval ?? GroupTiming.Default.RepeatInterval),
            route.GroupBy is not null || parent?.Grouped == true);
        var children = route.Routes.Select((child, i) => Build(child, $"{path}/{i}", effective)).ToList();
        return new Node(route, effective, children);
    }

    /// <summary>
    /// Config checks with a field path per problem (<c>route.routes[0].group_interval</c>): the root needs a receiver
    /// and has no matchers or continue; every receiver named must exist; group_interval and repeat_interval must be
    /// above 0, group_wait not negative (0 flushes at once); group_by has no duplicates and "..." stands alone.
    /// </summary>
    public static IReadOnlyList<FieldViolation> Validate(Route root, IReadOnlySet<string> receivers)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(receivers);
        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(root.Receiver))
        {
            violations.Add(new("route.receiver", "the root route needs a receiver"));
        }
        if (root.Matchers.Count > 0)
        {
            violations.Add(new("route.matchers", "the root route must not have matchers: it catches every alert"));
        }
        if (root.Continue)
        {
            violations.Add(new("route.continue", "the root route cannot continue: it has no siblings"));
        }
        Check(root, "route", receivers, violations);
        return violations;
    }

    private static void Check(Route route, string field, IReadOnlySet<string> receivers, List<FieldViolation> violations)
    {
        void Add(string name, string description) => violations.Add(new($"{field}.{name}", description));

        if (route.Receiver is { } receiver && !string.IsNullOrWhiteSpace(receiver) && !receivers.Contains(receiver))
        {
            Add("receiver", $"unknown receiver '{receiver}'");
        }
        else if (route.Receiver is not null && string.IsNullOrWhiteSpace(route.Receiver) && field != "route")
        {
            Add("receiver", "receiver must not be blank (leave it unset to inherit)");
        }
        if (route.GroupWait < TimeSpan.Zero)
        {
            Add("group_wait", "group_wait must not be negative");
        }
        if (route.GroupInterval <= TimeSpan.Zero)
        {
            Add("group_interval", "group_interval must be above 0");
        }
        if (route.RepeatInterval <= TimeSpan.Zero)
        {
            Add("repeat_interval", "repeat_interval must be above 0");
        }
        if (route.GroupBy is { } groupBy)
        {
            if (groupBy.Contains(Route.AllLabels) && groupBy.Count > 1)
            {
                Add("group_by", "'...' (all labels) cannot be combined with other labels");
            }
            foreach (var name in groupBy.Where(n => n != Route.AllLabels && !IsLabelName(n)))
            {
                Add("group_by", $"'{name}' is not a label name");
            }
            foreach (var name in groupBy.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                Add("group_by", $"'{name}' is listed twice");
            }
        }
        for (var i = 0; i < route.Routes.Count; i++)
        {
            Check(route.Routes[i], $"{field}.routes[{i}]", receivers, violations);
        }
    }

    internal static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
