using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Rendering;

/// <summary>
/// A report as one self-contained HTML page that also works as an email body: inline CSS only, layout tables (what
/// mail clients render), headline tiles coloured by flag, tables with right-aligned numbers, charts as PNGs. The
/// stored/downloaded file carries the charts as <c>data:</c> URIs; <see cref="ForEmail"/> turns them into
/// <c>cid:</c> references with the images as linked resources, since many mail clients block data URIs.
/// Every piece of report text is HTML-escaped.
/// </summary>
public sealed partial class HtmlReportRenderer : IReportRenderer
{
    public const string ContentType = "text/html; charset=utf-8";
    public const string Extension = "html";

    private const int ContentWidth = 680;
    private const int ChartWidth = 632;
    private const int ChartHeight = 260;
    private const double ChartScale = 2;   // 2× pixels for high-density screens
    private const string Font = "font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;";

    public ReportFormatKind Format => ReportFormatKind.Html;

    public RenderedReport Render(ReportDocument document) => new(ContentType, Extension, Encoding.UTF8.GetBytes(Html(document)));

    /// <summary>The stored HTML as an email body: each inline chart becomes <c>cid:chart-N@suite.reports</c> plus a linked image.</summary>
    public static RenderedReport ForEmail(byte[] html)
    {
        var images = new List<LinkedImage>();
        var body = InlinePng().Replace(Encoding.UTF8.GetString(html), match =>
        {
            var id = $"chart-{images.Count + 1}@suite.reports";
            images.Add(new LinkedImage(id, $"chart-{images.Count + 1}.png", "image/png", Convert.FromBase64String(match.Groups["data"].Value)));
            return $"src=\"cid:{id}\"";
        });
        return new RenderedReport(ContentType, Extension, Encoding.UTF8.GetBytes(body)) { Resources = images };
    }

    [GeneratedRegex("src=\"data:image/png;base64,(?<data>[A-Za-z0-9+/=]+)\"")]
    private static partial Regex InlinePng();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Html(ReportDocument document)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(document.Title)).Append("</title></head>\n")
            .Append("<body style=\"margin:0;padding:0;background:#f3f4f6;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">\n")
            .Append($"<table role=\"presentation\" width=\"{ContentWidth}\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;max-width:{ContentWidth}px;background:#ffffff;border-collapse:collapse;{Font}color:#111827;\"><tr><td style=\"padding:20px 24px;\">\n")
            .Append("<h1 style=\"margin:0 0 8px 0;font-size:22px;\">").Append(E(document.Title)).Append("</h1>\n")
            .Append("<p style=\"margin:0 0 16px 0;font-size:13px;line-height:18px;color:#374151;\">Tenant: ").Append(E(document.Tenant))
            .Append("<br>Period: ").Append(E(document.Period))
            .Append("<br><span style=\"color:#6b7280;\">Generated: ")
            .Append(document.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC</span></p>\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case SectionBlock section:
                    html.Append("<h2 style=\"margin:20px 0 8px 0;font-size:17px;border-bottom:1px solid #99a3b1;padding-bottom:4px;\">").Append(E(section.Title)).Append("</h2>\n");
                    break;
                case TextBlock text:
                    html.Append("<p style=\"margin:0 0 12px 0;font-size:14px;line-height:20px;\">")
                        .Append(E(text.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>\n");
                    break;
                case HeadlineBlock headlines:
                    Tiles(html, headlines);
                    break;
                case ChartBlock chart:
                    Chart(html, chart);
                    break;
                case TableBlock table:
                    Table(html, table);
                    break;
            }
        }
        html.Append("</td></tr></table>\n</td></tr></table>\n</body></html>\n");
        return html.ToString();
    }

    private static void Tiles(StringBuilder html, HeadlineBlock block)
    {
        const int perRow = 3;
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:separate;border-spacing:6px;margin:0 -6px 8px -6px;\">\n");
        for (var i = 0; i < block.Items.Count; i += perRow)
        {
            html.Append("<tr>");
            for (var j = i; j < i + perRow; j++)
            {
                if (j >= block.Items.Count)
                {
                    html.Append("<td width=\"33%\"></td>");
                    continue;
                }
                var item = block.Items[j];
                var (fill, accent) = FlagColors.Css(item.Flag);
                html.Append($"<td width=\"33%\" valign=\"top\" style=\"background:{fill};border-left:4px solid {accent};padding:8px 10px;\">")
                    .Append("<div style=\"font-size:12px;color:#444b55;\">").Append(E(item.Label)).Append("</div>")
                    .Append($"<div style=\"font-size:20px;font-weight:bold;color:{(item.Flag == Flag.None ? "#111827" : accent)};\">").Append(E(item.Text)).Append("</div>");
                var detail = string.Join(" · ", new[] { item.Change, item.Note }.Where(s => !string.IsNullOrWhiteSpace(s)));
                if (detail.Length > 0)
                {
                    html.Append("<div style=\"font-size:11px;color:#6b7280;\">").Append(E(detail)).Append("</div>");
                }
                html.Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Chart(StringBuilder html, ChartBlock chart)
    {
        var png = ChartRenderer.RenderPng(chart, (int)(ChartWidth * ChartScale), (int)(ChartHeight * ChartScale), ChartScale);
        html.Append("<h3 style=\"margin:16px 0 6px 0;font-size:14px;\">").Append(E(chart.Title)).Append("</h3>\n")
            .Append($"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"").Append(E(chart.Title))
            .Append($"\" width=\"{ChartWidth}\" style=\"display:block;width:100%;max-width:{ChartWidth}px;height:auto;border:0;\">\n");
    }

    private static void Table(StringBuilder html, TableBlock table)
    {
        html.Append("<h3 style=\"margin:16px 0 6px 0;font-size:14px;\">").Append(E(table.Title)).Append("</h3>\n")
            .Append("<table cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;width:100%;font-size:12px;\">\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append($"<th style=\"background:#e8ecf2;padding:5px 6px;text-align:{Align(column.Kind)};\">").Append(E(column.Header)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        if (table.Rows.Count == 0)
        {
            html.Append($"<tr><td colspan=\"{table.Columns.Count}\" style=\"padding:5px 6px;color:#6b7280;\">").Append(E(table.EmptyText)).Append("</td></tr>\n");
        }
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var cell = c < row.Count ? row[c] : Cell.Of("");
                var color = cell.Flag == Flag.None ? "" : $"color:{FlagColors.Css(cell.Flag).Accent};font-weight:bold;";
                html.Append($"<td style=\"border-bottom:1px solid #dddddd;padding:4px 6px;text-align:{Align(table.Columns[c].Kind)};{color}\">")
                    .Append(E(cell.Text)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static string Align(ColumnKind kind) => PdfLayout.IsNumeric(kind) ? "right" : "left";
}
