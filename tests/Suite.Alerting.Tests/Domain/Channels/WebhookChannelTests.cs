using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Suite.Alerting.Channels;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Tests.Domain.Channels;

public sealed class WebhookChannelTests : IClassFixture<TestReceiver>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 5, TimeSpan.Zero);
    private readonly TestReceiver _receiver;
    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _clock = new(Now);

    /// <summary>xUnit runs a class's tests one at a time, each on a new instance: start each with no recorded requests.</summary>
    public WebhookChannelTests(TestReceiver receiver)
    {
        _receiver = receiver;
        _receiver.Requests.Clear();
    }

    public void Dispose() => _http.Dispose();

    private OutgoingNotification Notification(string target) =>
        new(Guid.NewGuid(), NotificationKind.Firing, target, Fixed.Notice(), Attempt: 1);

    private Task<DeliveryResult> Send(Uri url, WebhookChannel? channel = null) =>
        (channel ?? new WebhookChannel(new OneClientFactory(_http), _clock)).SendAsync(Notification(url.AbsoluteUri), CancellationToken.None);

    public static TheoryData<int, string, DeliveryOutcome, int?> Answers => new()
    {
        { 200, "", DeliveryOutcome.Delivered, null },
        { 204, "", DeliveryOutcome.Delivered, null },
        { 429, "retryAfter=30", DeliveryOutcome.Transient, 30 },
        { 429, "", DeliveryOutcome.Transient, null },
        { 500, "", DeliveryOutcome.Transient, null },
        { 503, "retryAfter=120", DeliveryOutcome.Transient, 120 },
        { 408, "", DeliveryOutcome.Transient, null },
        { 400, "", DeliveryOutcome.Permanent, null },
        { 401, "", DeliveryOutcome.Permanent, null },
        { 404, "", DeliveryOutcome.Permanent, null },
        { 410, "", DeliveryOutcome.Permanent, null },
        { 302, "", DeliveryOutcome.Permanent, null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Status_codes_map_to_outcomes(int status, string query, DeliveryOutcome outcome, int? retryAfterSeconds)
    {
        var result = await Send(_receiver.Url(status, query));

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, result.RetryAfter);
        Assert.Equal(outcome == DeliveryOutcome.Delivered ? null : $"HTTP {status}: answer {status}", result.Error);
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_measured_from_the_clock()
    {
        var at = Now.AddMinutes(2).ToString("R");
        var result = await Send(_receiver.Url(429, "retryAfter=" + Uri.EscapeDataString(at)));
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(2), result.RetryAfter);
    }

    [Fact]
    public async Task Posts_the_alertmanager_body_as_json()
    {
        var factory = new OneClientFactory(_http);
        var channel = new WebhookChannel(factory, _clock);
        var url = _receiver.Url(200, "case=body");

        Assert.Equal(DeliveryResult.Delivered, await channel.SendAsync(Notification(url.AbsoluteUri), CancellationToken.None));

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("/status/200", request.Path);
        Assert.Equal(AlertmanagerWebhookPayload.FromNotices([Fixed.Notice()], WebhookChannel.ReceiverName).ToJson(), request.Body);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.StartsWith("Suite.Alerting/", request.UserAgent);
        Assert.Equal([WebhookChannel.HttpClientName], factory.Names);
        Assert.Equal("webhook", channel.Name);
    }

    [Fact]
    public async Task With_links_the_annotations_carry_verifiable_actions()
    {
        var options = new Suite.Alerting.Configuration.AlertingOptions();
        var channel = new WebhookChannel(new OneClientFactory(_http), _clock, options, Fixed.Links);
        var url = _receiver.Url(200);

        Assert.Equal(DeliveryResult.Delivered, await channel.SendAsync(Notification(url.AbsoluteUri), CancellationToken.None));

        var body = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(_receiver.Requests).Body)!;
        var annotations = body["alerts"]![0]!["annotations"]!;
        var ack = new Uri(annotations["acknowledge_url"]!.GetValue<string>());
        Assert.Equal(LinkCheck.Valid, Fixed.Links.Verify(ack, Now));
        Assert.Contains("recipient=" + Uri.EscapeDataString(LinkRecipient.ForWebhook(url.AbsoluteUri)), ack.AbsoluteUri);
        Assert.Equal("https://alerts.example.com/", body["externalURL"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_a_transient_timeout()
    {
        var channel = new WebhookChannel(new OneClientFactory(_http), TimeProvider.System, TimeSpan.FromMilliseconds(200), null);
        var result = await Send(_receiver.Url(200, "delayMs=10000"), channel);
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal("timed out after 0.2 s", result.Error);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Send(new Uri($"http://127.0.0.1:{port}/hook"));
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.StartsWith("ConnectionError", result.Error);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/hook")]
    [InlineData("ftp://example.com/hook")]
    public async Task A_target_that_is_not_an_http_url_fails_permanently(string target)
    {
        var channel = new WebhookChannel(new OneClientFactory(_http), _clock);
        var result = await channel.SendAsync(Notification(target), CancellationToken.None);
        Assert.Equal(DeliveryResult.Permanent("not an absolute http(s) URL"), result);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_swallowed()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var channel = new WebhookChannel(new OneClientFactory(_http), _clock);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.SendAsync(Notification(_receiver.Url(200).AbsoluteUri), cts.Token));
    }

    [Fact]
    public async Task Slack_channel_with_links_posts_the_buttons()
    {
        var slack = new SlackChannel(new OneClientFactory(_http), _clock, Fixed.Links);
        var url = _receiver.Url(200, "slack=1");

        Assert.Equal(DeliveryResult.Delivered, await slack.SendAsync(Notification(url.AbsoluteUri), CancellationToken.None));

        var expected = SlackAlertMessage.ToJson(SlackAlertMessage.Build(
            Fixed.Notice(), Fixed.Links.CreatePair(Fixed.AlertId, LinkRecipient.ForSlackWebhook(url.AbsoluteUri), Now)));
        Assert.Equal(expected, Assert.Single(_receiver.Requests).Body);
        Assert.Contains("\"type\":\"actions\"", expected);
    }
}
