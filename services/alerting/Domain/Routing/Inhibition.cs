using Suite.Alerting.Domain.Labels;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Domain.Routing;

/// <summary>
/// Alertmanager's inhibit rule: a firing alert matching <see cref="SourceMatchers"/> mutes alerts matching
/// <see cref="TargetMatchers"/> when both have equal values for every label in <see cref="Equal"/> (a label missing
/// on both sides counts as equal, both read as "").
/// </summary>
public sealed record InhibitRule(
    IReadOnlyList<LabelMatcher> SourceMatchers,
    IReadOnlyList<LabelMatcher> TargetMatchers,
    IReadOnlyList<string> Equal)
{
    public IReadOnlyList<FieldViolation> Validate()
    {
        var violations = new List<FieldViolation>();
        if (SourceMatchers.Count == 0)
        {
            violations.Add(new("source_matchers", "at least one source matcher is required (none would match every alert)"));
        }
        if (TargetMatchers.Count == 0)
        {
            violations.Add(new("target_matchers", "at least one target matcher is required (none would match every alert)"));
        }
        foreach (var name in Equal.Where(n => !RoutingTree.IsLabelName(n)))
        {
            violations.Add(new("equal", $"'{name}' is not a label name"));
        }
        return violations;
    }
}

public static class Inhibition
{
    /// <summary>
    /// True when some firing alert inhibits <paramref name="target"/> under some rule. An alert never inhibits itself
    /// (a firing entry with the same labels is skipped). As in Alertmanager, when the target matches a rule's source
    /// side too, sources that also match its target side are skipped, so two alerts cannot mute each other.
    /// </summary>
    public static bool IsInhibited(
        IReadOnlyDictionary<string, string> target,
        IEnumerable<IReadOnlyDictionary<string, string>> firing,
        IEnumerable<InhibitRule> rules)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(firing);
        ArgumentNullException.ThrowIfNull(rules);
        var sources = firing.ToList();
        foreach (var rule in rules)
        {
            if (!LabelMatcher.All(rule.TargetMatchers, target))
            {
                continue;
            }
            var twoSided = LabelMatcher.All(rule.SourceMatchers, target);
            foreach (var source in sources)
            {
                if (SameLabels(source, target)
                    || !LabelMatcher.All(rule.SourceMatchers, source)
                    || (twoSided && LabelMatcher.All(rule.TargetMatchers, source)))
                {
                    continue;
                }
                if (rule.Equal.All(name => Read(source, name) == Read(target, name)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static string Read(IReadOnlyDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) ? value : "";

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(l => b.TryGetValue(l.Key, out var v) && v == l.Value);
}
