using System.Globalization;
using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Domain.Labels;
using Suite.Alerting.Domain.Routing;
using Suite.Alerting.Domain.Schedule;
using DomainRoute = Suite.Alerting.Domain.Routing.Route;

namespace Suite.Alerting.Configuration.Runtime;

/// <summary>
/// Maps a validated <see cref="AlertingDocument"/> onto the domain types the pipeline runs on. Pure: no clock, no
/// I/O. The input must have passed <see cref="ConfigCheck.Validate"/>; anything it rejects may throw here.
/// </summary>
public static partial class ConfigCompiler
{
    /// <summary>The path <see cref="RoutingTree.Match"/> reports for the root route.</summary>
    public const string RootPath = "root";

    public static CompiledConfig Compile(string tenant, int version, AlertingDocument doc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(doc);
        var routes = doc.Routes ?? throw new ArgumentException("the document has no routes: validate it first", nameof(doc));
        var routePolicies = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = ToRoute(routes, RootPath, inheritedPolicy: null, routePolicies);
        return new CompiledConfig(
            tenant,
            version,
            (doc.Recipients ?? []).ToDictionary(r => r.Name, ToRecipient, StringComparer.Ordinal),
            (doc.Policies ?? []).ToDictionary(p => p.Name, ToPolicy, StringComparer.Ordinal),
            new RoutingTree(root),
            routePolicies,
            (doc.InhibitRules ?? []).Select(ToInhibitRule).ToList(),
            (doc.Silences ?? []).Select(ToSilence).ToList(),
            (doc.Rules ?? []).Select(ToRule).ToList());
    }

    public static Recipient ToRecipient(RecipientConfig config)
    {
        var targets = new List<ChannelTarget>();
        targets.AddRange((config.Email?.To ?? []).Select(to => new ChannelTarget(ChannelTarget.Email, to)));
        if (config.Slack is { } slack)
        {
            targets.Add(new ChannelTarget(ChannelTarget.Slack, slack.WebhookUrl.Trim()));
        }
        if (config.Webhook is { } webhook)
        {
            targets.Add(new ChannelTarget(ChannelTarget.Webhook, webhook.Url.Trim()));
        }
        var windows = config.QuietHours ?? [];
        // Bypass severities only mean something inside quiet hours: without windows there is nothing to bypass.
        var quiet = windows.Count == 0
            ? null
            : new QuietHours(
                TimeZones.Find(config.TimeZone ?? RecipientConfig.DefaultTimeZone, "time_zone"),
                windows.Select(ToWindow).ToList(),
                (config.BypassSeverities ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase));
        return new Recipient(config.Name, targets, quiet, config.SendResolved ?? RecipientConfig.DefaultSendResolved);
    }

    public static EscalationPolicy ToPolicy(PolicyConfig config) => new(
        config.Name,
        (config.Levels ?? []).Select(l => new EscalationLevel(Duration.Parse(l.Delay), l.Targets ?? [])).ToList(),
        config.Repeat,
        config.AckTimeout is null ? null : Duration.Parse(config.AckTimeout));

    /// <summary>
    /// The document's window syntax (<see cref="WindowSyntax"/>) is a superset of <see cref="WeeklyWindow.Parse"/>'s
    /// (it allows leaving the days out and H:MM), so the parsed form is converted rather than the text re-parsed.
    /// Both read End &lt;= Start as "ends the next day" and 24:00 as the end of the day (midnight in WeeklyWindow).
    /// </summary>
    public static WeeklyWindow ToWindow(string text)
    {
        var window = WindowSyntax.Parse(text);
        var end = window.End >= TimeSpan.FromDays(1) ? TimeOnly.MinValue : TimeOnly.FromTimeSpan(window.End);
        return new WeeklyWindow(window.Days.ToHashSet(), TimeOnly.FromTimeSpan(window.Start), end);
    }

    private static DomainRoute ToRoute(RouteConfig config, string path, string? inheritedPolicy, Dictionary<string, string> policies)
    {
        // RoutingTree.Match names a node by child indexes (root, root/0, root/0/2); the policy is looked up by that path.
        var policy = config.Policy ?? inheritedPolicy;
        if (policy is not null)
        {
            policies[path] = policy;
        }
        var children = config.Routes ?? [];
        return new DomainRoute
        {
            Receiver = string.IsNullOrWhiteSpace(config.Receiver) ? null : config.Receiver,
            // An empty group_by in the document means "inherit"; in the domain that is null.
            GroupBy = (config.GroupBy ?? []).Count == 0 ? null : config.GroupBy,
            GroupWait = OptionalDuration(config.GroupWait),
            GroupInterval = OptionalDuration(config.GroupInterval),
            RepeatInterval = OptionalDuration(config.RepeatInterval),
            Matchers = Matchers(config.Matchers),
            Continue = config.Continue,
            Routes = children.Select((child, i) => ToRoute(child, $"{path}/{i}", policy, policies)).ToList(),
        };
    }

    private static InhibitRule ToInhibitRule(InhibitRuleConfig config) =>
        new(Matchers(config.SourceMatchers), Matchers(config.TargetMatchers), config.Equal ?? []);

    public static Silence ToSilence(SilenceConfig config)
    {
        SilenceSchedule schedule = config.StartsAt is not null
            ? new OneOffSchedule(Timestamp(config.StartsAt), Timestamp(config.EndsAt!))
            : new WeeklySchedule(config.TimeZone!, (config.Windows ?? []).Select(ToWindow).ToList());
        return new Silence(config.Name, Matchers(config.Matchers), schedule,
            config.ExpiresAt is null ? null : Timestamp(config.ExpiresAt));
    }

    private static IReadOnlyList<LabelMatcher> Matchers(IReadOnlyList<string>? matchers) =>
        (matchers ?? []).Select(LabelMatcher.Parse).ToList();

    private static TimeSpan? OptionalDuration(string? text) => text is null ? null : Duration.Parse(text);

    private static DateTimeOffset Timestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
