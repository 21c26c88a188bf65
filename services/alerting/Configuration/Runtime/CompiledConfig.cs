using System.Runtime.CompilerServices;
using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Domain.Routing;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Domain.Schedule;

namespace Suite.Alerting.Configuration.Runtime;

/// <summary>
/// A tenant's validated configuration document (Configuration/Yaml) compiled onto the domain types the pipeline runs
/// on. Immutable: a new document version compiles to a new instance, swapped as a whole.
/// </summary>
public sealed record CompiledConfig(
    string Tenant,
    int Version,
    IReadOnlyDictionary<string, Recipient> Recipients,
    IReadOnlyDictionary<string, EscalationPolicy> Policies,
    RoutingTree Routes,
    IReadOnlyDictionary<string, string> RoutePolicies,
    IReadOnlyList<InhibitRule> Inhibitions,
    IReadOnlyList<Silence> Silences,
    IReadOnlyList<CompiledRule> Rules)
{
    /// <summary>The policy of a matched route (<see cref="RouteMatch.Path"/>), inherited from the closest ancestor that names one.</summary>
    public EscalationPolicy? PolicyFor(RouteMatch match) =>
        RoutePolicies.TryGetValue(match.Path, out var name) && Policies.TryGetValue(name, out var policy) ? policy : null;

    // Kept beside the record, keyed by the rules list: no field joins the record's equality, a `with` copy with other
    // rules gets its own index, and lookups from parallel evaluations are thread-safe.
    private static readonly ConditionalWeakTable<IReadOnlyList<CompiledRule>, IReadOnlyDictionary<string, CompiledRule>> RuleIndexes = new();

    /// <summary>The rules by name (names are unique in a document), built on first use: the KPI rule cycle looks up every claimed rule.</summary>
    public IReadOnlyDictionary<string, CompiledRule> RulesByName => RuleIndexes.GetValue(Rules, static rules =>
    {
        var byName = new Dictionary<string, CompiledRule>(rules.Count, StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            byName.TryAdd(rule.Name, rule);   // the first wins, as a scan would find it
        }
        return byName;
    });

    /// <summary>The root receiver of <see cref="Empty"/>: names no recipient, so nothing is sent.</summary>
    public const string NoReceiver = "(none)";

    /// <summary>No recipients, no routes to anyone: what a tenant without a document gets.</summary>
    public static CompiledConfig Empty(string tenant) => new(tenant, 0,
        new Dictionary<string, Recipient>(), new Dictionary<string, EscalationPolicy>(),
        new RoutingTree(new Domain.Routing.Route { Receiver = NoReceiver }), new Dictionary<string, string>(), [], [], []);
}

/// <summary>Where a notification goes: one channel and its address (email address, Slack webhook URL, webhook URL).</summary>
public sealed record ChannelTarget(string Channel, string Address)
{
    public const string Email = "email";
    public const string Slack = "slack";
    public const string Webhook = "webhook";
}

/// <summary>A person or a team channel: where to reach them, and when not to.</summary>
public sealed record Recipient(string Name, IReadOnlyList<ChannelTarget> Targets, QuietHours? QuietHours, bool SendResolved);

/// <summary>
/// A rule of the document: a KPI condition evaluated on a schedule, or a trigger on an event. How the KPI is read:
/// <paramref name="Window"/> is the aggregation window (threshold, target), <paramref name="Step"/> the spacing of
/// points (anomaly), <paramref name="MinSamples"/> the fewest samples that count (threshold); unset for other kinds.
/// </summary>
public sealed record CompiledRule(
    string Name,
    string Severity,
    RuleCondition? Condition,
    EventTrigger? Trigger,
    string? Kpi,
    IReadOnlyDictionary<string, string> Filters,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    TimeSpan? Window = null,
    TimeSpan? Step = null,
    long MinSamples = 0);

/// <summary>The current compiled configuration of a tenant (cached; <see cref="CompiledConfig.Empty"/> without a document).</summary>
public interface IConfigSource
{
    Task<CompiledConfig> GetAsync(string tenant, CancellationToken ct);
}
