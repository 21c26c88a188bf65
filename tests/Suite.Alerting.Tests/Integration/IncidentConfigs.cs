using System.Collections.Concurrent;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Domain.Labels;
using Suite.Alerting.Domain.Routing;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Domain.Schedule;

namespace Suite.Alerting.Tests.Integration;

/// <summary>The tests' configuration store: compiled configurations set per tenant, shared by every replica.</summary>
public sealed class TestConfigSource : IConfigSource
{
    private readonly ConcurrentDictionary<string, CompiledConfig> _configs = new();

    public void Set(CompiledConfig config) => _configs[config.Tenant] = config;

    public Task<CompiledConfig> GetAsync(string tenant, CancellationToken ct) =>
        Task.FromResult(_configs.TryGetValue(tenant, out var config) ? config : CompiledConfig.Empty(tenant));
}

/// <summary>Compiled configurations for the escalation tests, built by hand (the document compiler is another step).</summary>
public static class IncidentConfigs
{
    public const string SecurityRoute = "root/0";

    public static Recipient Slack(string name, string hookUrl, QuietHours? quiet = null) =>
        new(name, [new ChannelTarget(ChannelTarget.Slack, hookUrl)], quiet, SendResolved: true);

    public static Recipient Email(string name, string address, QuietHours? quiet = null) =>
        new(name, [new ChannelTarget(ChannelTarget.Email, address)], quiet, SendResolved: true);

    /// <summary>A threat_detected rule (require_mfa and up) labelled kind=security with a templated summary.</summary>
    public static CompiledRule ThreatRule(string severity = "critical") => new(
        "Threat detected", severity, null, new ThreatDetectedTrigger(), null,
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["kind"] = "security" },
        new Dictionary<string, string> { ["summary"] = "Threat for {{ $labels.user_id }}" });

    /// <summary>
    /// Routes kind=security to <paramref name="policy"/> (the root goes to the first recipient, without a policy),
    /// with the threat rule.
    /// </summary>
    public static CompiledConfig Security(string tenant, EscalationPolicy policy, IReadOnlyList<Recipient> recipients, string severity = "critical") => new(
        tenant, 1,
        recipients.ToDictionary(r => r.Name),
        new Dictionary<string, EscalationPolicy> { [policy.Name] = policy },
        new RoutingTree(new Route
        {
            Receiver = recipients[0].Name,
            Routes = [new Route { Matchers = [LabelMatcher.Parse("kind=\"security\"")], Receiver = recipients[0].Name }],
        }),
        new Dictionary<string, string> { [SecurityRoute] = policy.Name },
        [], [], [ThreatRule(severity)]);

    public static EscalationPolicy Policy(string name, int repeat, params (TimeSpan Delay, string Target)[] levels) =>
        new(name, levels.Select(l => new EscalationLevel(l.Delay, [l.Target])).ToList(), repeat, null);
}
