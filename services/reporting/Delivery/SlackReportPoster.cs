using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Suite.Reporting.Delivery;

/// <summary>Posts a report's summary (headline numbers and a download link) to a Slack incoming webhook.</summary>
public sealed class SlackReportPoster(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "slack";

    public async Task PostAsync(string webhook, string title, IReadOnlyList<string> headlines, IReadOnlyList<(string Label, Uri Url)> links, CancellationToken ct)
    {
        using var response = await httpClients.CreateClient(HttpClientName).PostAsJsonAsync(webhook, Message(title, headlines, links), ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Slack answered HTTP {(int)response.StatusCode}: {(body.Length > 200 ? body[..200] : body)}");
        }
    }

    /// <summary>Block Kit: a header, the headline numbers, and one button per download link.</summary>
    public static JsonObject Message(string title, IReadOnlyList<string> headlines, IReadOnlyList<(string Label, Uri Url)> links)
    {
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = title.Length > 150 ? title[..149] + "…" : title },
            },
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = string.Join("\n", headlines.Select(h => "• " + Escape(h))) },
            },
        };
        if (links.Count > 0)
        {
            var buttons = new JsonArray();
            foreach (var (label, url) in links)
            {
                buttons.Add(new JsonObject
                {
                    ["type"] = "button",
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label },
                    ["url"] = url.AbsoluteUri,
                });
            }
            blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = buttons });
        }
        return new JsonObject { ["text"] = $"{title}: {string.Join("; ", headlines)}", ["blocks"] = blocks };
    }

    /// <summary>Slack's three control characters in mrkdwn.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
