using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Domain.Schedule;

namespace Suite.Alerting.Configuration.Runtime;

/// <summary>
/// Everything a document must pass before it is stored: <see cref="AlertingDocumentValidation"/> (references, syntax,
/// values), then the checks that need the domain types: annotation templates, quiet hours that never end, silences
/// that would mute every alert, and the rule kinds' own limits. An empty list means <see cref="ConfigCompiler.Compile"/>
/// will succeed.
/// </summary>
public static class ConfigCheck
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static IReadOnlyList<ConfigError> Validate(AlertingDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var errors = AlertingDocumentValidation.Validate(doc);
        if (errors.Count > 0)
        {
            // The domain checks below parse the values the document validation just rejected.
            return errors;
        }
        var more = new List<ConfigError>();
        var recipients = doc.Recipients ?? [];
        for (var i = 0; i < recipients.Count; i++)
        {
            var windows = (recipients[i].QuietHours ?? []).Select(ConfigCompiler.ToWindow).ToList();
            if (windows.Count > 0 && WeeklyWindows.CoverWholeWeek(windows))
            {
                more.Add(new ConfigError($"recipients[{i}].quiet_hours",
                    "the windows cover the whole week: only bypass severities would ever be delivered"));
            }
        }
        var silences = doc.Silences ?? [];
        for (var i = 0; i < silences.Count; i++)
        {
            var matchers = ConfigCompiler.ToSilence(silences[i]).Matchers;
            if (matchers.All(m => m.Matches(NoLabels)))
            {
                more.Add(new ConfigError($"silences[{i}].matchers",
                    "every matcher accepts an empty label, so this silence would mute every alert: make one of them require a value"));
            }
        }
        var rules = doc.Rules ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"rules[{i}]";
            var rule = ConfigCompiler.ToRule(rules[i]);
            var kind = rules[i].Kinds[0];
            var violations = rule.Condition is { } condition
                ? RuleConditionValidation.Validate(condition)
                : RuleConditionValidation.Validate(rule.Trigger!);
            more.AddRange(violations.Select(v => new ConfigError($"{path}.{kind}", v.Description)));
            more.AddRange(AnnotationTemplate.Validate(rule.Annotations)
                .Select(v => new ConfigError($"{path}.{v.Field}", v.Description)));
        }
        return more;
    }
}
