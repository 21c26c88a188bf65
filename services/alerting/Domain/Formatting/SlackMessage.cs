using System.Text.Json.Nodes;

namespace Suite.Alerting.Domain.Formatting;

/// <summary>
/// The first incoming-webhook body: a fallback <c>text</c> plus Block Kit <c>blocks</c>, without action buttons.
/// <see cref="SlackAlertMessage"/> is what SlackChannel sends now; this stays for existing callers, and
/// <see cref="Escape"/> is shared by both.
/// </summary>
public static class SlackMessage
{
    private const int MaxHeaderLength = 150;

    public static JsonObject Build(AlertNotice n)
    {
        var timeLabel = n.Kind == NotificationKind.Firing ? "Started" : "Resolved";
        return new JsonObject
        {
            ["text"] = AlertText.Summary(n),
            ["blocks"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "header",
                    ["text"] = PlainText(Truncate($"{AlertText.StateLabel(n.Kind)}: {n.RuleName}", MaxHeaderLength)),
                },
                new JsonObject
                {
                    ["type"] = "section",
                    ["fields"] = new JsonArray
                    {
                        Field("KPI", $"`{Escape(n.Kpi)}`"),
                        Field("Value", Escape(AlertText.Number(n.Value))),
                        Field("Threshold", Escape(AlertText.Threshold(n))),
                        Field("Severity", AlertText.Severity(n.Severity)),
                        Field(timeLabel, Date(n.At)),
                    },
                },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray
                    {
                        Markdown($"tenant `{Escape(n.Tenant)}` · alert `{n.Fingerprint}`"),
                    },
                },
            },
        };
    }

    /// <summary>Slack mrkdwn needs &amp;, &lt; and &gt; escaped; everything else is literal.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Shown in the reader's own time zone by Slack, with the UTC text as fallback.</summary>
    private static string Date(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time_secs}}|{AlertText.Time(at)}>";

    private static JsonObject Field(string label, string value) => Markdown($"*{label}*\n{value}");

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
