using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Domain.Formatting;

/// <summary>One alert in an Alertmanager webhook body. <see cref="EndsAt"/> is null while the alert has not ended.</summary>
public sealed record AlertmanagerWebhookAlert(
    NotificationKind Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string GeneratorUrl,
    string Fingerprint);

/// <summary>
/// The body Alertmanager's generic webhook receiver posts (notify/webhook, protocol version "4"), so anything that
/// consumes Alertmanager webhooks consumes ours. Built like Alertmanager builds it: truncated to <c>max_alerts</c>
/// first, <c>status</c> is firing when any alert fires, common labels/annotations are the pairs every alert has.
/// </summary>
public sealed record AlertmanagerWebhookPayload(
    string Receiver,
    NotificationKind Status,
    IReadOnlyList<AlertmanagerWebhookAlert> Alerts,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations,
    string ExternalUrl,
    string GroupKey,
    ulong TruncatedAlerts)
{
    public const string Version = "4";

    /// <summary>What <c>endsAt</c> reads for an alert that has not ended: Go's zero time, as Alertmanager sends it.</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>The label names notices are grouped by in <c>groupLabels</c> and <c>groupKey</c>.</summary>
    public static IReadOnlyList<string> GroupBy { get; } = [AlertLabels.AlertName, AlertLabels.Tenant];

    /// <param name="routeKey">Alertmanager's route key; "{}" is the root route.</param>
    /// <param name="maxAlerts">0 sends all alerts; otherwise the first <paramref name="maxAlerts"/> and a count of the rest.</param>
    public static AlertmanagerWebhookPayload Create(
        string receiver,
        IReadOnlyDictionary<string, string> groupLabels,
        IReadOnlyList<AlertmanagerWebhookAlert> alerts,
        string externalUrl = "",
        int maxAlerts = 0,
        string routeKey = "{}",
        string? groupKey = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(groupLabels);
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            throw new ArgumentException("a webhook notification needs at least one alert", nameof(alerts));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(maxAlerts);
        var sent = maxAlerts > 0 && alerts.Count > maxAlerts ? alerts.Take(maxAlerts).ToList() : alerts;
        return new AlertmanagerWebhookPayload(
            // Alertmanager passes the receiver name through regexp.QuoteMeta; consumers see it that way.
            QuoteMeta(receiver),
            sent.Any(a => a.Status == NotificationKind.Firing) ? NotificationKind.Firing : NotificationKind.Resolved,
            sent,
            Sorted(groupLabels),
            Common(sent.Select(a => a.Labels)),
            Common(sent.Select(a => a.Annotations)),
            externalUrl,
            groupKey ?? $"{routeKey}:{LabelSetText(groupLabels)}",
            (ulong)(alerts.Count - sent.Count));
    }

    /// <summary>
    /// The body for notices of one group (usually one notice). Labels are <see cref="AlertLabels.Of"/>; annotations
    /// <c>summary</c>, <c>value</c>, <c>threshold</c> and, for firing alerts when links are given, <c>acknowledge_url</c>
    /// and <c>resolve_url</c>. <c>externalURL</c> is the alerting service's public base URL when known. With
    /// <paramref name="group"/> (a route's group) its labels and key are the body's groupLabels and groupKey.
    /// </summary>
    public static AlertmanagerWebhookPayload FromNotices(
        IReadOnlyList<AlertNotice> notices,
        string receiver,
        Func<AlertNotice, AlertActionUrls?>? links = null,
        Uri? externalUrl = null,
        int maxAlerts = 0,
        DigestGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(notices);
        if (notices.Count == 0)
        {
            throw new ArgumentException("a webhook notification needs at least one alert", nameof(notices));
        }
        var alerts = notices.Select(n => ToAlert(n, links?.Invoke(n))).ToList();
        if (group is not null)
        {
            return Create(receiver, group.Labels, alerts, externalUrl?.AbsoluteUri ?? "", maxAlerts, groupKey: group.Key);
        }
        var first = alerts[0].Labels;
        // Group labels: the group_by labels the alerts share (all of them for a single notice).
        var groupLabels = GroupBy
            .Where(name => first.TryGetValue(name, out var v) && alerts.All(a => a.Labels.TryGetValue(name, out var w) && w == v))
            .ToDictionary(name => name, name => first[name], StringComparer.Ordinal);
        return Create(receiver, groupLabels, alerts, externalUrl?.AbsoluteUri ?? "", maxAlerts);
    }

    public static AlertmanagerWebhookAlert ToAlert(AlertNotice n, AlertActionUrls? links = null)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = n.HasThreshold ? $"{n.RuleName}: {n.Kpi} = {AlertText.Number(n.Value)}" : n.Kpi,
            ["value"] = AlertText.Number(n.Value),
        };
        if (n.HasThreshold)
        {
            annotations["threshold"] = AlertText.Threshold(n);
        }
        if (n.Kind == NotificationKind.Firing && links is not null)
        {
            annotations["acknowledge_url"] = links.Acknowledge.AbsoluteUri;
            annotations["resolve_url"] = links.Resolve.AbsoluteUri;
        }
        return new AlertmanagerWebhookAlert(
            n.Kind,
            AlertLabels.Of(n),
            annotations,
            n.StartedAt,
            n.Kind == NotificationKind.Resolved ? n.At : null,
            "",
            n.Fingerprint);
    }

    /// <summary>
    /// The JSON text, fields in the order Alertmanager's encoder writes them (the embedded template data first, then
    /// version, groupKey, truncatedAlerts) and maps sorted by key as Go does. Times are RFC 3339 in UTC with the
    /// fraction trimmed, like Go's <c>time.Time</c>.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("receiver", Receiver);
            json.WriteString("status", StatusText(Status));
            json.WriteStartArray("alerts");
            foreach (var alert in Alerts)
            {
                json.WriteStartObject();
                json.WriteString("status", StatusText(alert.Status));
                WriteMap(json, "labels", alert.Labels);
                WriteMap(json, "annotations", alert.Annotations);
                json.WriteString("startsAt", Rfc3339(alert.StartsAt));
                json.WriteString("endsAt", alert.EndsAt is { } ended ? Rfc3339(ended) : ZeroTime);
                json.WriteString("generatorURL", alert.GeneratorUrl);
                json.WriteString("fingerprint", alert.Fingerprint);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteMap(json, "groupLabels", GroupLabels);
            WriteMap(json, "commonLabels", CommonLabels);
            WriteMap(json, "commonAnnotations", CommonAnnotations);
            json.WriteString("externalURL", ExternalUrl);
            json.WriteString("version", Version);
            json.WriteString("groupKey", GroupKey);
            json.WriteNumber("truncatedAlerts", TruncatedAlerts);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string StatusText(NotificationKind status) => status == NotificationKind.Firing ? "firing" : "resolved";

    /// <summary>Go's RFC3339Nano for a UTC time: "2025-06-01T12:00:00Z", "2025-06-01T12:00:00.25Z".</summary>
    public static string Rfc3339(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Prometheus' label set text: <c>{a="1", b="2"}</c>, sorted, values quoted like Go's %q.</summary>
    public static string LabelSetText(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={Quote(l.Value)}")) + "}";

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
    }

    private static IReadOnlyDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map) =>
        new SortedDictionary<string, string>(map.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, string> Common(IEnumerable<IReadOnlyDictionary<string, string>> maps)
    {
        SortedDictionary<string, string>? common = null;
        foreach (var map in maps)
        {
            if (common is null)
            {
                common = new SortedDictionary<string, string>(map.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
                continue;
            }
            foreach (var key in common.Keys.ToList())
            {
                if (!map.TryGetValue(key, out var value) || value != common[key])
                {
                    common.Remove(key);
                }
            }
        }
        return common ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }

    private static string QuoteMeta(string text)
    {
        var quoted = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\.+*?()|[]{}^$".Contains(c))
            {
                quoted.Append('\\');
            }
            quoted.Append(c);
        }
        return quoted.ToString();
    }

    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"", value.Length + 2);
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
