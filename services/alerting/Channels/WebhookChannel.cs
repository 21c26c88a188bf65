using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Suite.Alerting.Configuration;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Channels;

/// <summary>
/// Posts an Alertmanager-v4 webhook body (<see cref="AlertmanagerWebhookPayload"/>) to a generic webhook; the target
/// is the URL. Like Alertmanager's webhook notifier: 2xx is delivered, 5xx (and 429, 408) is worth a retry, any
/// other answer will not change by retrying.
/// </summary>
public sealed class WebhookChannel : INotificationChannel, IDigestChannel
{
    public const string ChannelName = "webhook";
    public const string HttpClientName = "webhook";

    /// <summary>The receiver name in the body: rules route to their own targets, there is no named receiver yet.</summary>
    public const string ReceiverName = "webhook";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;
    private readonly ActionLinks? _links;

    public WebhookChannel(IHttpClientFactory httpClients, TimeProvider clock)
        : this(httpClients, clock, DefaultTimeout, null)
    {
    }

    /// <summary>Times out after Alerting:Notifier:SendTimeout.</summary>
    public WebhookChannel(IHttpClientFactory httpClients, TimeProvider clock, AlertingOptions options)
        : this(httpClients, clock, options.Notifier.SendTimeout, null)
    {
    }

    /// <summary>Also puts signed acknowledge/resolve links in the annotations of firing alerts.</summary>
    public WebhookChannel(IHttpClientFactory httpClients, TimeProvider clock, AlertingOptions options, ActionLinks links)
        : this(httpClients, clock, options.Notifier.SendTimeout, links)
    {
    }

    // Not public: DI picks among public constructors only, and a TimeSpan is not a service.
    internal WebhookChannel(IHttpClientFactory httpClients, TimeProvider clock, TimeSpan timeout, ActionLinks? links)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _httpClients = httpClients;
        _clock = clock;
        _timeout = timeout;
        _links = links;
    }

    public string Name => ChannelName;

    public Task<DeliveryResult> SendAsync(OutgoingNotification notification, CancellationToken ct) =>
        PostAsync(notification.Target, [notification.Notice], notification.WithLinks, null, ct);

    /// <summary>
    /// A route group's alerts in one body, with the group's labels and key, as Alertmanager sends them. Quiet-hours
    /// digests never come here (a webhook is not held, <see cref="Incidents.DeliveryPlanning.DigestChannels"/>).
    /// </summary>
    public Task<DeliveryResult> SendDigestAsync(OutgoingDigest digest, CancellationToken ct) =>
        digest.Group is null
            ? Task.FromResult(DeliveryResult.Permanent("a webhook takes group notifications, not quiet-hours digests"))
            : PostAsync(digest.Target, digest.Entries.Select(e => e.Notice).ToList(), true, digest.Group, ct);

    private async Task<DeliveryResult> PostAsync(string target, IReadOnlyList<AlertNotice> notices, bool withLinks, DigestGroup? group, CancellationToken ct)
    {
        if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return DeliveryResult.Permanent("not an absolute http(s) URL");
        }
        var now = _clock.GetUtcNow();
        var payload = AlertmanagerWebhookPayload.FromNotices(
            notices,
            ReceiverName,
            _links is null || !withLinks ? null : n => _links.CreatePair(n.AlertId, LinkRecipient.ForWebhook(target), now),
            _links?.PublicBaseUrl,
            group: group);
        using var content = new StringContent(payload.ToJson(), Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Suite.Alerting", "1.0"));

        // Our own timeout, whatever the named client is configured with: a hung receiver must not hold the notifier.
        using var timeout = new CancellationTokenSource(_timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var client = _httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return await Classify(response, linked.Token);
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Transient($"{ex.HttpRequestError}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"timed out after {_timeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>
    /// 2xx delivered; 429, 408 and 5xx retried (honouring Retry-After, capped by the retry policy); any other answer
    /// (400, 401, 403, 404, 410, a redirect) will not change by retrying.
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
        return code >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            ? DeliveryResult.Transient(error, RetryAfter(response))
            : DeliveryResult.Permanent(error);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _clock.GetUtcNow(),
        _ => null,
    };
}
