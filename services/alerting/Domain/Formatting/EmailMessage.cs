using System.Net;
using System.Text;

namespace Suite.Alerting.Domain.Formatting;

/// <summary>Subject, plain-text and HTML bodies of an alert email.</summary>
public sealed record EmailMessage(string Subject, string Text, string Html)
{
    public static EmailMessage Build(AlertNotice n)
    {
        var rows = Rows(n);

        var text = new StringBuilder();
        text.AppendLine(AlertText.Title(n)).AppendLine();
        foreach (var (label, value) in rows)
        {
            text.Append(label).Append(": ").AppendLine(value);
        }

        var html = new StringBuilder();
        var color = n.Kind == NotificationKind.Firing ? "#c0392b" : "#27ae60";
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append($"<h2 style=\"color:{color}\">{Encode(AlertText.Title(n))}</h2>");
        html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach (var (label, value) in rows)
        {
            html.Append($"<tr><th align=\"left\">{Encode(label)}</th><td>{Encode(value)}</td></tr>");
        }
        html.Append("</table></body></html>");

        return new EmailMessage(AlertText.Title(n), text.ToString(), html.ToString());
    }

    private static List<(string Label, string Value)> Rows(AlertNotice n)
    {
        var rows = new List<(string, string)>
        {
            ("State", AlertText.StateLabel(n.Kind)),
            ("Rule", n.RuleName),
            ("KPI", n.Kpi),
            ("Value", AlertText.Number(n.Value)),
            ("Threshold", AlertText.Threshold(n)),
            ("Severity", AlertText.Severity(n.Severity)),
            ("Started", AlertText.Time(n.StartedAt)),
        };
        if (n.Kind == NotificationKind.Resolved)
        {
            rows.Add(("Resolved", AlertText.Time(n.At)));
        }
        rows.Add(("Tenant", n.Tenant));
        rows.Add(("Alert", n.Fingerprint));
        return rows;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
