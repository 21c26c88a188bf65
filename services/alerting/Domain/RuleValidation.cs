using System.Net.Mail;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Domain;

/// <summary>Checks a rule draft; field names are the proto's (snake_case) so callers can point at the input.</summary>
public static class RuleValidation
{
    public const int MinWindowSeconds = 10;
    public const int MaxWindowSeconds = 86_400;
    public const int MaxNameLength = 200;
    public const int MaxKpiLength = 100;
    public const int MaxEmailRecipients = 50;

    public static IReadOnlyList<FieldViolation> Validate(RuleDraft draft)
    {
        var violations = new List<FieldViolation>();
        void Add(string field, string description) => violations.Add(new FieldViolation(field, description));

        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            Add("name", "name is required");
        }
        else if (draft.Name.Trim().Length > MaxNameLength)
        {
            Add("name", $"name must be at most {MaxNameLength} characters");
        }

        if (string.IsNullOrWhiteSpace(draft.Kpi))
        {
            Add("kpi", "kpi is required");
        }
        else if (draft.Kpi.Trim().Length > MaxKpiLength)
        {
            Add("kpi", $"kpi must be at most {MaxKpiLength} characters");
        }

        foreach (var key in draft.Filters.Keys.Where(string.IsNullOrWhiteSpace))
        {
            Add("filters", "filter keys must not be empty");
            break;
        }

        if (draft.Comparison is null)
        {
            Add("comparison", "comparison must be COMPARISON_ABOVE or COMPARISON_BELOW");
        }

        if (!double.IsFinite(draft.Threshold))
        {
            Add("threshold", "threshold must be a finite number");
        }

        if (draft.WindowSeconds is < MinWindowSeconds or > MaxWindowSeconds)
        {
            Add("window_seconds", $"window_seconds must be between {MinWindowSeconds} and {MaxWindowSeconds}");
        }

        if (draft.Severity is null)
        {
            Add("severity", "severity must be SEVERITY_INFO, SEVERITY_WARNING or SEVERITY_CRITICAL");
        }

        if (draft.MinSamples < 0)
        {
            Add("min_samples", "min_samples must not be negative");
        }

        var hasSlack = !string.IsNullOrWhiteSpace(draft.SlackWebhookUrl);
        if (hasSlack && !IsHttpUrl(draft.SlackWebhookUrl.Trim()))
        {
            Add("slack_webhook_url", "slack_webhook_url must be an absolute http or https URL");
        }

        if (draft.EmailTo.Count > MaxEmailRecipients)
        {
            Add("email_to", $"at most {MaxEmailRecipients} recipients");
        }
        for (var i = 0; i < draft.EmailTo.Count; i++)
        {
            if (!IsEmailAddress(draft.EmailTo[i]))
            {
                Add($"email_to[{i}]", "not a valid email address");
            }
        }

        if (!hasSlack && draft.EmailTo.Count == 0)
        {
            Add("slack_webhook_url", "at least one of slack_webhook_url or email_to is required");
        }
        return violations;
    }

    /// <summary>The rule to store, with names trimmed; only call with a draft that validated.</summary>
    public static AlertRule ToRule(RuleDraft draft, Guid id, string tenant, DateTimeOffset createdAt) => new(
        id,
        tenant,
        draft.Name.Trim(),
        draft.Kpi.Trim(),
        new Dictionary<string, string>(draft.Filters),
        draft.Comparison ?? throw new ArgumentException("comparison not validated", nameof(draft)),
        draft.Threshold,
        draft.WindowSeconds,
        draft.Severity ?? throw new ArgumentException("severity not validated", nameof(draft)),
        draft.EmailTo.Select(e => e.Trim()).ToList(),
        string.IsNullOrWhiteSpace(draft.SlackWebhookUrl) ? null : draft.SlackWebhookUrl.Trim(),
        draft.MinSamples,
        createdAt);

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>A bare address (no display name, no surrounding text) with a dotted or single-label domain.</summary>
    public static bool IsEmailAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var trimmed = value.Trim();
        return MailAddress.TryCreate(trimmed, out var address)
            && address.Address == trimmed
            && address.DisplayName.Length == 0
            && address.User.Length > 0
            && address.Host.Length > 0
            && !trimmed.Any(char.IsWhiteSpace);
    }
}
