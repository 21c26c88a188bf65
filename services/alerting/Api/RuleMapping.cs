using Google.Protobuf.WellKnownTypes;
using Suite.Alerting.Data;
using Suite.Alerting.Domain;
using Proto = Suite.Contracts.Alerting.V1;

namespace Suite.Alerting.Api;

/// <summary>proto ⇄ domain. Unknown or unset enum values map to null, which validation reports by field.</summary>
public static class RuleMapping
{
    public static RuleDraft ToDraft(Proto.Rule rule) => new(
        rule.Name,
        rule.Kpi,
        new Dictionary<string, string>(rule.Filters),
        rule.Comparison switch
        {
            Proto.Comparison.Above => Comparison.Above,
            Proto.Comparison.Below => Comparison.Below,
            _ => null,
        },
        rule.Threshold,
        rule.WindowSeconds,
        rule.Severity switch
        {
            Proto.Severity.Unspecified => AlertSeverity.Warning, // the default when the caller does not say
            Proto.Severity.Info => AlertSeverity.Info,
            Proto.Severity.Warning => AlertSeverity.Warning,
            Proto.Severity.Critical => AlertSeverity.Critical,
            _ => null,
        },
        rule.EmailTo.ToList(),
        rule.SlackWebhookUrl,
        rule.MinSamples);

    public static Proto.Rule ToProto(AlertRule rule)
    {
        var proto = new Proto.Rule
        {
            Id = rule.Id.ToString(),
            Name = rule.Name,
            Kpi = rule.Kpi,
            Comparison = rule.Comparison == Comparison.Above ? Proto.Comparison.Above : Proto.Comparison.Below,
            Threshold = rule.Threshold,
            WindowSeconds = rule.WindowSeconds,
            Severity = ToProto(rule.Severity),
            SlackWebhookUrl = rule.SlackWebhookUrl ?? "",
            MinSamples = rule.MinSamples,
        };
        foreach (var (key, value) in rule.Filters)
        {
            proto.Filters[key] = value;
        }
        proto.EmailTo.AddRange(rule.EmailTo);
        return proto;
    }

    public static Proto.Alert ToProto(AlertView alert)
    {
        var proto = new Proto.Alert
        {
            Id = alert.Id.ToString(),
            RuleId = alert.RuleId.ToString(),
            RuleName = alert.RuleName,
            State = alert.State,
            Value = alert.Value,
            StartedAt = Timestamp.FromDateTimeOffset(alert.StartedAt),
            Severity = ToProto(alert.Severity),
        };
        if (alert.ResolvedAt is { } resolved)
        {
            proto.ResolvedAt = Timestamp.FromDateTimeOffset(resolved);
        }
        return proto;
    }

    private static Proto.Severity ToProto(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => Proto.Severity.Info,
        AlertSeverity.Critical => Proto.Severity.Critical,
        _ => Proto.Severity.Warning,
    };
}
