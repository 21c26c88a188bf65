using System.Net;
using System.Text;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Channels;

/// <summary>
/// Posts Block Kit messages to Slack incoming webhooks (the target is the webhook URL). With <see cref="ActionLinks"/>
/// (registered by the host when link signing is configured) firing alerts carry Acknowledge/Resolve buttons.
/// </summary>
public sealed class SlackChannel : INotificationChannel, IDigestChannel
{
    public const string HttpClientName = "slack";

    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _clock;
    private readonly ActionLinks? _links;

    public SlackChannel(IHttpClientFactory httpClients, TimeProvider clock)
    {
        _httpClients = httpClients;
        _clock = clock;
    }

    /// <summary>DI takes this one when <see cref="ActionLinks"/> is registered, the shorter one otherwise.</summary>
    public SlackChannel(IHttpClientFactory httpClients, TimeProvider clock, ActionLinks links)
        : this(httpClients, clock)
    {
        ArgumentNullException.ThrowIfNull(links);
        _links = links;
    }

    public string Name => NotificationChannels.Slack;

    public async Task<DeliveryResult> SendAsync(OutgoingNotification notification, CancellationToken ct)
    {
        if (!Uri.TryCreate(notification.Target, UriKind.Absolute, out var url))
        {
            return DeliveryResult.Permanent("not an absolute URL");
        }
        var notice = notification.Notice;
        var links = notification.WithLinks ? _links?.CreatePair(notice.AlertId, LinkRecipient.ForSlackWebhook(notification.Target), _clock.GetUtcNow()) : null;
        return await PostAsync(url, SlackAlertMessage.Build(notice, links), ct);
    }

    /// <summary>The quiet-hours digest or a group (<see cref="SlackAlertMessage.Digest"/>); firing lines get their links.</summary>
    public async Task<DeliveryResult> SendDigestAsync(OutgoingDigest digest, CancellationToken ct)
    {
        if (!Uri.TryCreate(digest.Target, UriKind.Absolute, out var url))
        {
            return DeliveryResult.Permanent("not an absolute URL");
        }
        var now = _clock.GetUtcNow();
        var entries = digest.Entries
            .Select(e => e with { Links = e.Notice.Kind == NotificationKind.Firing ? _links?.CreatePair(e.Notice.AlertId, LinkRecipient.ForSlackWebhook(digest.Target), now) : null })
            .ToList();
        return await PostAsync(url, SlackAlertMessage.Digest(entries, digest.GroupTitle), ct);
    }

    private async Task<DeliveryResult> PostAsync(Uri url, System.Text.Json.Nodes.JsonObject message, CancellationToken ct)
    {
        var client = _httpClients.CreateClient(HttpClientName);
        using var content = new StringContent(SlackAlertMessage.ToJson(message), Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.PostAsync(url, content, ct);
            return await Classify(response, ct);
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Transient($"{ex.HttpRequestError}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Transient("timed out");
        }
    }

    /// <summary>
    /// 2xx delivered; 408, 429 and 5xx are worth a retry; any other answer (400 invalid_payload, 403, 404
    /// no_service, 410 channel_is_archived, a redirect) will not change by retrying.
    /// </summary>
    private async Task<DeliveryResult> Classify(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Delivered;
        }
        var code = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        var error = $"HTTP {code}: {(body.Length > 200 ? body[..200] : body)}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return DeliveryResult.Transient(error, RetryAfter(response));
        }
        return code >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
            ? DeliveryResult.Transient(error)
            : DeliveryResult.Permanent(error);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _clock.GetUtcNow(),
        _ => null,
    };
}
