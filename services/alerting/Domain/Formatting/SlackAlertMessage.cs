using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Domain.Formatting;

/// <summary>
/// Block Kit messages for Slack incoming webhooks: one alert (header with severity emoji and the alert's name,
/// summary with fields, labels, Acknowledge/Resolve link buttons while firing) and the quiet-hours digest.
/// Every message has a <c>text</c> fallback: Slack shows it in notifications and where blocks cannot render.
/// </summary>
public static class SlackAlertMessage
{
    // Block Kit limits (https://api.slack.com/reference/block-kit/blocks): header text 150, section text 3000,
    // field and context text 2000, 50 blocks a message.
    private const int MaxHeader = 150;
    private const int MaxSection = 3000;
    private const int MaxField = 2000;

    /// <summary>Relaxed escaping: the body is application/json for Slack, never embedded in HTML.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The message for one notice. Firing notices with <paramref name="links"/> get the two buttons.</summary>
    public static JsonObject Build(AlertNotice n, AlertActionUrls? links = null)
    {
        var firing = n.Kind == NotificationKind.Firing;
        var blocks = new JsonArray
        {
            Header($"{Emoji(n)} {n.RuleName}"),
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = Markdown(Truncate(SummaryLine(n), MaxSection)),
                ["fields"] = new JsonArray
                {
                    Field("Tenant", SlackMessage.Escape(n.Tenant)),
                    Field("Value", SlackMessage.Escape(AlertText.Number(n.Value))),
                    firing ? Field("Since", Date(n.StartedAt)) : Field("Resolved", Date(n.At)),
                },
            },
            new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { Markdown(Truncate(LabelsLine(n), MaxField)) },
            },
        };
        if (firing && links is not null)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    Button("Acknowledge", "primary", links.Acknowledge, AlertActions.AcknowledgeSegment),
                    Button("Resolve", "danger", links.Resolve, AlertActions.ResolveSegment),
                },
            });
        }
        return new JsonObject { ["text"] = AlertText.Summary(n), ["blocks"] = blocks };
    }

    /// <summary>
    /// One message for several alerts: those held back during quiet hours, or one group's (with
    /// <paramref name="title"/>): a header, one section per alert (at most <see cref="Digest.MaxLines"/>, each with
    /// its links as mrkdwn links) and "and N more".
    /// </summary>
    public static JsonObject Digest(IReadOnlyList<DigestEntry> entries, string? title = null)
    {
        var (shown, more) = Formatting.Digest.Select(entries);
        title ??= Formatting.Digest.Title(entries.Count);
        var blocks = new JsonArray { Header(title) };
        foreach (var entry in shown)
        {
            // A section per alert, not one long list: a section holds 3000 characters, 20 lines with links do not fit.
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Markdown(Truncate(DigestLine(entry), MaxSection)) });
        }
        if (more > 0)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { Markdown(Formatting.Digest.More(more)) },
            });
        }
        return new JsonObject { ["text"] = title, ["blocks"] = blocks };
    }

    /// <summary>The request body as sent.</summary>
    public static string ToJson(JsonObject message) => message.ToJsonString(Json);

    /// <summary>Slack emoji short codes: resolved is a check mark whatever the severity.</summary>
    public static string Emoji(AlertNotice n) => n.Kind == NotificationKind.Resolved
        ? ":white_check_mark:"
        : n.Severity switch
        {
            AlertSeverity.Critical => ":red_circle:",
            AlertSeverity.Warning => ":large_orange_circle:",
            _ => ":large_blue_circle:",
        };

    /// <summary>"*FIRING* `login_success_rate` = *0.42* (threshold &amp;lt; 0.9, severity critical)".</summary>
    private static string SummaryLine(AlertNotice n) => n.HasThreshold
        ? $"*{AlertText.StateLabel(n.Kind)}* `{SlackMessage.Escape(n.Kpi)}` = *{SlackMessage.Escape(AlertText.Number(n.Value))}* " +
          $"(threshold {SlackMessage.Escape(AlertText.Threshold(n))}, severity {AlertText.Severity(n.Severity)})"
        : $"*{AlertText.StateLabel(n.Kind)}* {SlackMessage.Escape(n.Kpi)} (value *{SlackMessage.Escape(AlertText.Number(n.Value))}*, severity {AlertText.Severity(n.Severity)})";

    private static string LabelsLine(AlertNotice n) =>
        string.Join(" ", AlertLabels.Of(n).Select(l => $"`{SlackMessage.Escape(l.Key)}={SlackMessage.Escape(l.Value)}`")) +
        $" · alert `{n.Fingerprint}`";

    private static string DigestLine(DigestEntry entry)
    {
        var n = entry.Notice;
        var when = n.Kind == NotificationKind.Firing ? $"since {Date(n.StartedAt)}" : $"resolved {Date(n.At)}";
        var line = $"{Emoji(n)} *{SlackMessage.Escape(n.RuleName)}* `{SlackMessage.Escape(n.Kpi)}` = " +
                   $"*{SlackMessage.Escape(AlertText.Number(n.Value))}* · tenant {SlackMessage.Escape(n.Tenant)} · {when}";
        if (n.Kind == NotificationKind.Firing && entry.Links is { } links)
        {
            line += $" · <{links.Acknowledge.AbsoluteUri}|Acknowledge> · <{links.Resolve.AbsoluteUri}|Resolve>";
        }
        return line;
    }

    /// <summary>Shown in the reader's own time zone by Slack, with the UTC text as fallback.</summary>
    private static string Date(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time_secs}}|{AlertText.Time(at)}>";

    private static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(text, MaxHeader), ["emoji"] = true },
    };

    private static JsonObject Button(string text, string style, Uri url, string actionId) => new()
    {
        ["type"] = "button",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
        ["style"] = style,
        ["url"] = url.AbsoluteUri,
        ["action_id"] = actionId,
    };

    private static JsonObject Field(string label, string value) => Markdown(Truncate($"*{label}*\n{value}", MaxField));

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
