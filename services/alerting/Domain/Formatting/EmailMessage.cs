using System.Net;
using System.Text;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Domain.Formatting;

/// <summary>
/// Subject, plain-text and HTML bodies of an alert email. Every interpolated value is HTML-encoded in the HTML part
/// (rule names and tenants are user input). <see cref="AlertEmail"/> turns it into a MIME message.
/// </summary>
public sealed record EmailMessage(string Subject, string Text, string Html)
{
    public static EmailMessage Build(AlertNotice n) => Build(n, null);

    /// <summary>The email for one notice; a firing notice with <paramref name="links"/> carries both actions.</summary>
    public static EmailMessage Build(AlertNotice n, AlertActionUrls? links)
    {
        var rows = Rows(n);
        var actions = n.Kind == NotificationKind.Firing ? links : null;

        var text = new StringBuilder();
        text.AppendLine(AlertText.Title(n)).AppendLine();
        foreach (var (label, value) in rows)
        {
            text.Append(label).Append(": ").AppendLine(value);
        }
        if (actions is not null)
        {
            text.AppendLine()
                .Append("Acknowledge: ").AppendLine(actions.Acknowledge.AbsoluteUri)
                .Append("Resolve: ").AppendLine(actions.Resolve.AbsoluteUri);
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append($"<h2 style=\"color:{Color(n)}\">{Encode(AlertText.Title(n))}</h2>");
        html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach (var (label, value) in rows)
        {
            html.Append($"<tr><th align=\"left\">{Encode(label)}</th><td>{Encode(value)}</td></tr>");
        }
        html.Append("</table>");
        if (actions is not null)
        {
            html.Append("<p>").Append(Button("Acknowledge", actions.Acknowledge, "#2c7be5"))
                .Append("&nbsp;").Append(Button("Resolve", actions.Resolve, "#c0392b")).Append("</p>");
        }
        html.Append("</body></html>");

        return new EmailMessage(AlertText.Title(n), text.ToString(), html.ToString());
    }

    /// <summary>
    /// One email for several alerts: those held back during quiet hours, or one group's (with
    /// <paramref name="groupTitle"/>, which is then the subject): at most <see cref="Formatting.Digest.MaxLines"/>
    /// lines, each with its links while firing, then "and N more".
    /// </summary>
    public static EmailMessage Digest(IReadOnlyList<DigestEntry> entries, string? groupTitle = null)
    {
        var (shown, more) = Formatting.Digest.Select(entries);
        var title = groupTitle ?? Formatting.Digest.Title(entries.Count);

        var text = new StringBuilder();
        text.AppendLine(title).AppendLine();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append($"<h2>{Encode(title)}</h2><ul>");
        foreach (var entry in shown)
        {
            var n = entry.Notice;
            var line = Formatting.Digest.Line(n);
            var actions = n.Kind == NotificationKind.Firing ? entry.Links : null;
            text.Append("- ").AppendLine(line);
            html.Append($"<li><span style=\"color:{Color(n)}\">{Encode(line)}</span>");
            if (actions is not null)
            {
                text.Append("  Acknowledge: ").AppendLine(actions.Acknowledge.AbsoluteUri)
                    .Append("  Resolve: ").AppendLine(actions.Resolve.AbsoluteUri);
                html.Append($" &middot; {Anchor("Acknowledge", actions.Acknowledge)} &middot; {Anchor("Resolve", actions.Resolve)}");
            }
            html.Append("</li>");
        }
        html.Append("</ul>");
        if (more > 0)
        {
            text.AppendLine(Formatting.Digest.More(more));
            html.Append($"<p>{Encode(Formatting.Digest.More(more))}</p>");
        }
        html.Append("</body></html>");

        return new EmailMessage(groupTitle ?? $"[DIGEST] {title}", text.ToString(), html.ToString());
    }

    private static List<(string Label, string Value)> Rows(AlertNotice n)
    {
        var rows = new List<(string, string)>
        {
            ("State", AlertText.StateLabel(n.Kind)),
            ("Rule", n.RuleName),
            (n.HasThreshold ? "KPI" : "Summary", n.Kpi),
            ("Value", AlertText.Number(n.Value)),
            ("Severity", AlertText.Severity(n.Severity)),
            ("Started", AlertText.Time(n.StartedAt)),
        };
        if (n.HasThreshold)
        {
            rows.Insert(4, ("Threshold", AlertText.Threshold(n)));
        }
        if (n.Kind == NotificationKind.Resolved)
        {
            rows.Add(("Resolved", AlertText.Time(n.At)));
        }
        rows.Add(("Tenant", n.Tenant));
        rows.Add(("Alert", n.Fingerprint));
        return rows;
    }

    private static string Color(AlertNotice n) => n.Kind == NotificationKind.Firing ? "#c0392b" : "#27ae60";

    /// <summary>A link styled as a button; inline styles because mail clients drop style sheets.</summary>
    private static string Button(string label, Uri url, string color) =>
        $"<a href=\"{Encode(url.AbsoluteUri)}\" style=\"display:inline-block;padding:8px 16px;border-radius:4px;" +
        $"background:{color};color:#ffffff;text-decoration:none;font-weight:bold\">{Encode(label)}</a>";

    private static string Anchor(string label, Uri url) => $"<a href=\"{Encode(url.AbsoluteUri)}\">{Encode(label)}</a>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
