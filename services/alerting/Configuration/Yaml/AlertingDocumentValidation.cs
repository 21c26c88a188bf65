using System.Globalization;
using System.Text.RegularExpressions;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Labels;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// Checks an alerting document the way Alertmanager's config loader does: every reference resolves (route receivers
/// and policies, escalation targets), names are unique, durations/windows/matchers/time zones parse, intervals are not
/// zero, windows are neither empty nor overlapping, and each rule kind has sensible parameters. Returns every problem
/// (path as the YAML spells it + message); an empty list means the document can be mapped onto domain types.
/// </summary>
public static partial class AlertingDocumentValidation
{
    public static readonly IReadOnlyList<string> Severities = ["info", "warning", "critical"];

    public static IReadOnlyList<ConfigError> Validate(AlertingDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var check = new Checker();
        var recipients = Recipients(check, document.Recipients ?? []);
        var policies = Policies(check, document.Policies ?? [], recipients);
        Routes(check, document.Routes, recipients, policies);
        InhibitRules(check, document.InhibitRules ?? []);
        Silences(check, document.Silences ?? []);
        Rules(check, document.Rules ?? []);
        return check.Errors;
    }

    private static HashSet<string> Recipients(Checker check, IReadOnlyList<RecipientConfig> recipients)
    {
        var names = check.UniqueNames(recipients.Select(r => r.Name).ToList(), "recipients");
        for (var i = 0; i < recipients.Count; i++)
        {
            var r = recipients[i];
            var path = $"recipients[{i}]";
            if (r.Email is null && r.Slack is null && r.Webhook is null)
            {
                check.Add(path, "needs at least one of email, slack, webhook");
            }
            if (r.Email is { } email)
            {
                var to = email.To ?? [];
                if (to.Count == 0)
                {
                    check.Add(path + ".email.to", "needs at least one address");
                }
                for (var k = 0; k < to.Count; k++)
                {
                    if (!RuleValidation.IsEmailAddress(to[k]))
                    {
                        check.Add($"{path}.email.to[{k}]", $"'{to[k]}' is not an email address");
                    }
                }
            }
            if (r.Slack is { } slack)
            {
                if (string.IsNullOrWhiteSpace(slack.WebhookUrl))
                {
                    check.Add(path + ".slack.webhook_url", "required");
                }
                else if (!IsHttpsUrl(slack.WebhookUrl))
                {
                    check.Add(path + ".slack.webhook_url", $"'{slack.WebhookUrl}' must be an https URL (http only for localhost)");
                }
                if (slack.Channel is { } channel && !(channel.Length > 1 && channel[0] is '#' or '@'))
                {
                    check.Add(path + ".slack.channel", $"'{channel}' must start with # (channel) or @ (person)");
                }
            }
            if (r.Webhook is { } webhook)
            {
                if (string.IsNullOrWhiteSpace(webhook.Url))
                {
                    check.Add(path + ".webhook.url", "required");
                }
                else if (!RuleValidation.IsHttpUrl(webhook.Url))
                {
                    check.Add(path + ".webhook.url", $"'{webhook.Url}' must be an absolute http or https URL");
                }
            }
            if (r.TimeZone is { } zone)
            {
                check.TimeZone(path + ".time_zone", zone);
            }
            check.Windows(path + ".quiet_hours", r.QuietHours ?? []);
            var bypass = r.BypassSeverities ?? [];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < bypass.Count; k++)
            {
                if (!Severities.Contains(bypass[k]))
                {
                    check.Add($"{path}.bypass_severities[{k}]", $"'{bypass[k]}' is not a severity (info, warning, critical)");
                }
                else if (!seen.Add(bypass[k]))
                {
                    check.Add($"{path}.bypass_severities[{k}]", $"'{bypass[k]}' is listed twice");
                }
            }
        }
        return names;
    }

    private static HashSet<string> Policies(Checker check, IReadOnlyList<PolicyConfig> policies, HashSet<string> recipients)
    {
        var names = check.UniqueNames(policies.Select(p => p.Name).ToList(), "policies");
        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            var path = $"policies[{i}]";
            var levels = p.Levels ?? [];
            if (levels.Count == 0)
            {
                check.Add(path + ".levels", "needs at least one level");
            }
            for (var j = 0; j < levels.Count; j++)
            {
                var levelPath = $"{path}.levels[{j}]";
                // Level 0 may fire at once (delay 0s); a later level at delay 0 would fire together with the one before.
                check.ParseDuration(levelPath + ".delay", levels[j].Delay, required: true, allowZero: j == 0);
                var targets = levels[j].Targets ?? [];
                if (targets.Count == 0)
                {
                    check.Add(levelPath + ".targets", "needs at least one target");
                }
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var k = 0; k < targets.Count; k++)
                {
                    if (!recipients.Contains(targets[k]))
                    {
                        check.Add($"{levelPath}.targets[{k}]", $"unknown recipient '{targets[k]}'");
                    }
                    else if (!seen.Add(targets[k]))
                    {
                        check.Add($"{levelPath}.targets[{k}]", $"'{targets[k]}' is listed twice");
                    }
                }
            }
            if (p.Repeat < 0)
            {
                check.Add(path + ".repeat", "must not be negative");
            }
            check.ParseDuration(path + ".ack_timeout", p.AckTimeout, required: false, allowZero: false);
        }
        return names;
    }

    private static void InhibitRules(Checker check, IReadOnlyList<InhibitRuleConfig> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"inhibit_rules[{i}]";
            // Empty source matchers would let any firing alert mute the targets: Alertmanager accepts it, we don't.
            check.Matchers(path + ".source_matchers", rules[i].SourceMatchers ?? [], required: true);
            check.Matchers(path + ".target_matchers", rules[i].TargetMatchers ?? [], required: true);
            check.LabelNames(path + ".equal", rules[i].Equal ?? []);
        }
    }

    private static void Silences(Checker check, IReadOnlyList<SilenceConfig> silences)
    {
        check.UniqueNames(silences.Select(s => s.Name).ToList(), "silences");
        for (var i = 0; i < silences.Count; i++)
        {
            var s = silences[i];
            var path = $"silences[{i}]";
            var windows = s.Windows ?? [];
            if ((s.Matchers ?? []).Count == 0)
            {
                check.Add(path + ".matchers", "needs at least one matcher (a silence without matchers would mute everything)");
            }
            check.Matchers(path + ".matchers", s.Matchers ?? [], required: false);

            var oneOff = s.StartsAt is not null || s.EndsAt is not null;
            var recurring = windows.Count > 0 || s.TimeZone is not null;
            if (oneOff && recurring)
            {
                check.Add(path, "either starts_at/ends_at (one-off) or windows with time_zone (recurring), not both");
                continue;
            }
            if (!oneOff && !recurring)
            {
                check.Add(path, "needs starts_at and ends_at (one-off) or windows with time_zone (recurring)");
                continue;
            }
            if (oneOff)
            {
                var startsAt = check.Timestamp(path + ".starts_at", s.StartsAt, required: true);
                var endsAt = check.Timestamp(path + ".ends_at", s.EndsAt, required: true);
                if (startsAt is { } start && endsAt is { } end && end <= start)
                {
                    check.Add(path + ".ends_at", "must be after starts_at");
                }
                if (s.ExpiresAt is not null)
                {
                    check.Add(path + ".expires_at", "only for recurring silences (a one-off silence ends at ends_at)");
                }
                continue;
            }
            if (s.TimeZone is null)
            {
                check.Add(path + ".time_zone", "required for recurring windows");
            }
            else
            {
                check.TimeZone(path + ".time_zone", s.TimeZone);
            }
            if (windows.Count == 0)
            {
                check.Add(path + ".windows", "needs at least one window");
            }
            check.Windows(path + ".windows", windows);
            check.Timestamp(path + ".expires_at", s.ExpiresAt, required: false);
        }
    }

    private static bool IsHttpsUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
        && !string.IsNullOrEmpty(uri.Host)
        // Plain http only to this machine, so tests can point Slack at a local listener.
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    internal static partial Regex LabelName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceName();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    /// <summary>Collects errors; the shared checks for names, durations, windows, matchers, zones and timestamps.</summary>
    private sealed class Checker
    {
        public List<ConfigError> Errors { get; } = [];

        public void Add(string path, string message) => Errors.Add(new ConfigError(path, message));

        /// <summary>Names referenced from elsewhere: required, simple, unique. Returns the set of valid ones.</summary>
        public HashSet<string> UniqueNames(IReadOnlyList<string> names, string section, bool referenceSyntax = true)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                var path = $"{section}[{i}].name";
                var name = names[i];
                if (string.IsNullOrWhiteSpace(name))
                {
                    Add(path, "required");
                }
                else if (referenceSyntax && !ReferenceName().IsMatch(name))
                {
                    Add(path, $"'{name}' must be letters, digits, '-', '_' or '.' (e.g. slack-eng-ops)");
                }
                else if (!first.TryAdd(name, i))
                {
                    Add(path, $"duplicate name '{name}' (first at {section}[{first[name]}])");
                }
            }
            return first.Keys.ToHashSet(StringComparer.Ordinal);
        }

        public TimeSpan? ParseDuration(string path, string? text, bool required, bool allowZero)
        {
            // Required fields default to "" in the records, so a missing key and an empty value read the same.
            if (text is null || (required && string.IsNullOrWhiteSpace(text)))
            {
                if (required)
                {
                    Add(path, "required");
                }
                return null;
            }
            TimeSpan value;
            try
            {
                value = Duration.Parse(text);
            }
            catch (FormatException ex)
            {
                Add(path, ex.Message);
                return null;
            }
            if (value == TimeSpan.Zero && !allowZero)
            {
                Add(path, "must be greater than zero");
            }
            return value;
        }

        public void Windows(string path, IReadOnlyList<string> windows)
        {
            var parsed = new List<(int Index, WeekdayWindow Window)>();
            for (var k = 0; k < windows.Count; k++)
            {
                WeekdayWindow window;
                try
                {
                    window = WindowSyntax.Parse(windows[k]);
                }
                catch (FormatException ex)
                {
                    Add($"{path}[{k}]", ex.Message);
                    continue;
                }
                if (window.IsEmpty)
                {
                    Add($"{path}[{k}]", $"'{windows[k]}' is empty: start equals end");
                    continue;
                }
                if (parsed.FirstOrDefault(p => p.Window.Overlaps(window)) is { Window: not null } earlier)
                {
                    Add($"{path}[{k}]", $"'{windows[k]}' overlaps '{windows[earlier.Index]}' ({LastSegment(path)}[{earlier.Index}])");
                    continue;
                }
                parsed.Add((k, window));
            }
        }

        public void Matchers(string path, IReadOnlyList<string> matchers, bool required)
        {
            if (required && matchers.Count == 0)
            {
                Add(path, "needs at least one matcher");
            }
            for (var k = 0; k < matchers.Count; k++)
            {
                try
                {
                    LabelMatcher.Parse(matchers[k]);
                }
                catch (FormatException ex)
                {
                    Add($"{path}[{k}]", ex.Message);
                }
            }
        }

        public void LabelNames(string path, IReadOnlyList<string> names)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < names.Count; k++)
            {
                if (!LabelName().IsMatch(names[k]))
                {
                    Add($"{path}[{k}]", $"'{names[k]}' is not a label name");
                }
                else if (!seen.Add(names[k]))
                {
                    Add($"{path}[{k}]", $"'{names[k]}' is listed twice");
                }
            }
        }

        public void TimeZone(string path, string id)
        {
            // IANA ids only: on Linux .NET would also accept Windows ids, which other tools reading the file would not.
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
            {
                Add(path, $"unknown time zone '{id}' (use an IANA id such as Europe/Berlin)");
            }
        }

        public DateTimeOffset? Timestamp(string path, string? text, bool required)
        {
            if (text is null)
            {
                if (required)
                {
                    Add(path, "required");
                }
                return null;
            }
            if (Rfc3339().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                return value;
            }
            Add(path, $"'{text}' is not an RFC 3339 timestamp with an offset (e.g. 2026-03-01T02:00:00Z)");
            return null;
        }

        private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];
    }
}
