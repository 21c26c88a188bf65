using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using Outcome = Suite.Contracts.Ingestion.V1.EventResult.Types.Outcome;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>Size limits, the per-tenant rate limit and the privacy policy, end to end.</summary>
[Collection(InfraCollection.Name)]
public class LimitsAndPrivacyTests(PolicyIngestionHost host) : IClassFixture<PolicyIngestionHost>
{
    private static Event Oversized()
    {
        var e = TestEvents.New();
        e.Properties["text"] = new string('x', 1000);
        e.Properties["more"] = new string('x', 1000);
        e.Properties["even"] = new string('x', 1000);
        e.Properties["most"] = new string('x', 1000);
        return e;
    }

    [Fact]
    public async Task An_oversized_event_is_ResourceExhausted_alone_and_rejected_alone_in_a_batch()
    {
        var tenant = TestEvents.NewTenant();

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(Oversized(), host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("event", Assert.Single(ex.FieldViolations()).Field);

        var good = TestEvents.New();
        var ack = await host.Client.TrackBatchAsync(new EventBatch { Events = { Oversized(), good } }, host.AuthFor(tenant));
        Assert.Equal([Outcome.Rejected, Outcome.Accepted], ack.Results.Select(r => r.Outcome));
        Assert.Equal("event", ack.Results[0].Field);
        Assert.Contains(PolicyIngestionHost.MaxEventBytes.ToString(), ack.Results[0].Reason);
        Assert.Equal(1, await host.Database.CountEventsAsync(tenant));
    }

    [Fact]
    public async Task Too_many_properties_is_ResourceExhausted_for_a_single_event()
    {
        var e = TestEvents.New();
        for (var i = 0; i < 65; i++)
        {
            e.Properties[$"k{i}"] = "v";
        }
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(e, host.AuthFor(TestEvents.NewTenant())).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("properties", Assert.Single(ex.FieldViolations()).Field);
    }

    [Fact]
    public async Task A_batch_over_the_configured_bytes_is_refused_whole()
    {
        var tenant = TestEvents.NewTenant();
        var batch = new EventBatch { Events = { Enumerable.Range(0, 40).Select(_ => Oversized()) } };   // ~40 x 4 KB > 128 KiB

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackBatchAsync(batch, host.AuthFor(tenant)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains(PolicyIngestionHost.MaxBatchBytes.ToString(), Assert.Single(ex.FieldViolations()).Description);
        Assert.Equal(0, await host.Database.CountEventsAsync(tenant));
    }

    [Fact]
    public async Task A_tenant_over_its_rate_is_ResourceExhausted_with_retry_info_on_every_api()
    {
        var tenant = PolicyIngestionHost.LimitedTenant;
        var burst = await host.Client.TrackBatchAsync(TestEvents.Batch("burst", 1000), host.AuthFor(tenant));
        Assert.Equal(1000, burst.Accepted);

        var unary = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackBatchAsync(TestEvents.Batch("more", 10), host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, unary.StatusCode);
        var retry = unary.GetRpcStatus()!.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.Equal($"tenant:{tenant}", unary.GetRpcStatus()!.GetDetail<QuotaFailure>()!.Violations[0].Subject);

        var single = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(TestEvents.New(), host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, single.StatusCode);

        using (var call = host.Client.Ingest(host.AuthFor(tenant)))
        {
            await call.RequestStream.WriteAsync(TestEvents.Batch("streamed", 5));
            var streamed = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.ResourceExhausted, streamed.StatusCode);
            Assert.NotNull(streamed.GetRpcStatus()!.GetDetail<RetryInfo>());
        }

        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events")
        {
            Content = new StringContent($$"""{"eventId":"{{Guid.NewGuid()}}","domain":"auth","type":"LOGIN","occurredAt":"{{DateTime.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("RetryInfo", await response.Content.ReadAsStringAsync());

        // Other tenants are not affected; refused requests stored nothing.
        Assert.Equal(1, (await host.Client.TrackBatchAsync(TestEvents.Batch("other", 1), host.AuthFor(TestEvents.NewTenant()))).Accepted);
        Assert.Equal(1000, await host.Database.CountEventsAsync(tenant));
        var stats = await host.Client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), host.AuthFor(tenant));
        Assert.Equal(4, stats.RateLimitedRequests);   // TrackBatch, Track, Ingest, JSON
        await Eventually.TrueAsync(async () =>
        {
            var metrics = await http.GetStringAsync("/metrics");
            return metrics.Contains("suite_ingestion_rate_limited_requests_total{", StringComparison.Ordinal) && metrics.Contains("api=\"ingest\"", StringComparison.Ordinal);
        }, "the rate-limit counter on /metrics");
    }

    [Fact]
    public async Task Personal_data_is_redacted_by_default_and_counted()
    {
        var tenant = TestEvents.NewTenant();
        var e = TestEvents.New();
        e.Status = "sent to jane@example.com";
        e.Properties["note"] = "call +49 170 1234567 from 10.0.0.7";
        e.Properties["plan"] = "pro";

        var result = (await host.Client.TrackAsync(e, host.AuthFor(tenant))).Result;

        Assert.Equal(Outcome.Accepted, result.Outcome);
        Assert.Equal(["status:email", "properties.note:phone", "properties.note:ip"], result.Redacted);
        await using var cmd = host.Database.CreateCommand("select status, properties->>'note', properties->>'plan' from events_raw where tenant = @t");
        cmd.Parameters.AddWithValue("t", tenant);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("sent to [redacted:email]", reader.GetString(0));
        Assert.Equal("call [redacted:phone] from [redacted:ip]", reader.GetString(1));
        Assert.Equal("pro", reader.GetString(2));
        Assert.Equal(0, await host.Database.ScalarAsync(
            "select count(*) from events_raw where tenant = @t and (properties::text like '%1234567%' or status like '%jane%')", ("t", tenant)));

        var stats = await host.Client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), host.AuthFor(tenant));
        Assert.Equal(new Dictionary<string, long> { ["email"] = 1, ["phone"] = 1, ["ip"] = 1 }, stats.RedactionsByKind);

        // The exporter caches a scrape briefly: poll.
        using var http = host.Factory.CreateClient();
        await Eventually.TrueAsync(async () =>
        {
            var metrics = await http.GetStringAsync("/metrics");
            return metrics.Contains("suite_ingestion_redactions_total{", StringComparison.Ordinal) && metrics.Contains("kind=\"email\"", StringComparison.Ordinal);
        }, "the redaction counter on /metrics");
    }

    [Fact]
    public async Task A_tenant_whose_policy_rejects_personal_data_gets_rejections_with_the_kind()
    {
        var tenant = PolicyIngestionHost.StrictTenant;
        var withEmail = TestEvents.New();
        withEmail.Properties["contact"] = "jane@example.com";
        var withCard = TestEvents.New();
        withCard.Status = "paid 4111 1111 1111 1111";
        var clean = TestEvents.New();

        var ack = await host.Client.TrackBatchAsync(new EventBatch { Events = { withEmail, withCard, clean } }, host.AuthFor(tenant));

        Assert.Equal([Outcome.Rejected, Outcome.Rejected, Outcome.Accepted], ack.Results.Select(r => r.Outcome));
        Assert.Equal(["properties", "status"], ack.Results.Take(2).Select(r => r.Field));
        Assert.DoesNotContain("jane@example.com", ack.Results[0].Reason);
        var stats = await host.Client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), host.AuthFor(tenant));
        Assert.Equal(1, stats.RejectedByReason["pii_email"]);
        Assert.Equal(1, stats.RejectedByReason["pii_card"]);

        var single = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(withEmail, host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, single.StatusCode);
        Assert.Equal("properties", Assert.Single(single.FieldViolations()).Field);
    }

    [Fact]
    public async Task An_email_as_user_id_is_rejected_for_every_tenant()
    {
        var e = TestEvents.New(user: "jane@example.com");
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(e, host.AuthFor(TestEvents.NewTenant())).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("user_id", Assert.Single(ex.FieldViolations()).Field);
    }
}
