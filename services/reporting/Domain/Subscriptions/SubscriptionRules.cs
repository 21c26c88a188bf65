using System.Net.Mail;
using Suite.Reporting.Domain.Scheduling;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Domain.Subscriptions;

/// <summary>The fields of a subscription as the API receives them (before validation).</summary>
public sealed record SubscriptionInput(
    string Name,
    string ReportType,
    IReadOnlyDictionary<string, string> Parameters,
    string Cron,
    string TimeZone,
    string CatchUp,
    IReadOnlyList<ReportFormatKind?> Formats,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> SlackWebhooks,
    bool Enabled);

/// <summary>Pure validation of a subscription: every problem, each named by its field.</summary>
public static class SubscriptionRules
{
    public const int MaxNameLength = 100;
    public const int MaxRecipients = 50;

    public static (SubscriptionSpec? Spec, IReadOnlyList<FieldViolation> Violations) Validate(SubscriptionInput input, string prefix = "subscription.")
    {
        var violations = new List<FieldViolation>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            violations.Add(new FieldViolation(prefix + "name", "is required"));
        }
        else if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            violations.Add(new FieldViolation(prefix + "name", $"must be at most {MaxNameLength} characters without control characters"));
        }

        if (!ReportTypes.Known.Contains(input.ReportType))
        {
            violations.Add(new FieldViolation(prefix + "report_type", $"'{input.ReportType}' is not a report type; known: {string.Join(", ", ReportTypes.Known)}"));
        }
        else
        {
            violations.AddRange(ReportTypes.Validate(input.ReportType, input.Parameters, prefix + "parameters"));
        }

        var (schedule, scheduleViolations) = ReportSchedule.Parse(input.Cron, input.TimeZone, input.CatchUp, prefix);
        violations.AddRange(scheduleViolations);

        var formats = new List<ReportFormatKind>();
        for (var i = 0; i < input.Formats.Count; i++)
        {
            if (input.Formats[i] is not { } format)
            {
                violations.Add(new FieldViolation($"{prefix}formats[{i}]", "unsupported format; supported: REPORT_FORMAT_PDF, REPORT_FORMAT_HTML, REPORT_FORMAT_CSV, REPORT_FORMAT_XLSX"));
            }
            else if (!formats.Contains(format))
            {
                formats.Add(format);
            }
        }
        if (formats.Count == 0 && violations.All(v => !v.Field.StartsWith(prefix + "formats", StringComparison.Ordinal)))
        {
            formats.Add(ReportFormatKind.Pdf);
        }

        var emails = Distinct(input.Emails);
        var webhooks = Distinct(input.SlackWebhooks);
        for (var i = 0; i < input.Emails.Count; i++)
        {
            if (!MailAddress.TryCreate(input.Emails[i]?.Trim(), out var parsed) || parsed.Address != input.Emails[i].Trim())
            {
                violations.Add(new FieldViolation($"{prefix}emails[{i}]", $"'{input.Emails[i]}' is not an email address"));
            }
        }
        for (var i = 0; i < input.SlackWebhooks.Count; i++)
        {
            if (!Uri.TryCreate(input.SlackWebhooks[i]?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                violations.Add(new FieldViolation($"{prefix}slack_webhooks[{i}]", "must be an absolute http(s) URL (a Slack incoming webhook)"));
            }
        }
        if (emails.Count + webhooks.Count == 0)
        {
            violations.Add(new FieldViolation(prefix + "emails", "at least one email address or Slack webhook is required"));
        }
        else if (emails.Count + webhooks.Count > MaxRecipients)
        {
            violations.Add(new FieldViolation(prefix + "emails", $"at most {MaxRecipients} recipients (emails and Slack webhooks together)"));
        }

        return violations.Count > 0
            ? (null, violations)
            : (new SubscriptionSpec(name, input.ReportType, input.Parameters, input.Cron.Trim(), input.TimeZone.Trim(), schedule!,
                formats, emails, webhooks, input.Enabled), violations);
    }

    private static List<string> Distinct(IReadOnlyList<string> values) =>
        values.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
