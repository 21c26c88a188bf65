using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Events;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Data;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using Outcome = Suite.Contracts.Ingestion.V1.EventResult.Types.Outcome;

namespace Suite.Ingestion.Tests.Integration;

[Collection(InfraCollection.Name)]
public class IngestionApiTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    // Each test uses its own tenant, so tests sharing the class database never see each other's rows.
    private static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private static Event NewEvent(string type = "LOGIN", string domain = "auth", TimeSpan? age = null) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        Domain = domain,
        Type = type,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - (age ?? TimeSpan.FromMinutes(1))),
        UserId = "user-1",
    };

    private async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = host.Database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TrackBatch_stores_every_field_of_the_accepted_events()
    {
        var tenant = NewTenant();
        var payment = NewEvent("PAYMENT_CAPTURED", "payments");
        payment.CountryCode = "de";
        payment.AmountMinor = 12_345;
        payment.Currency = "eur";
        payment.DurationMs = 420;
        payment.AccountId = "acc-9";
        payment.SessionId = "s-1";
        payment.Properties.Add("plan", "pro");
        payment.SchemaVersion = 2;
        var login = NewEvent();

        var ack = await host.Client.TrackBatchAsync(new EventBatch { BatchId = "client-batch-1", Events = { payment, login } }, host.AuthFor(tenant));

        Assert.Equal("client-batch-1", ack.BatchId);
        Assert.Equal(2, ack.Accepted);
        Assert.Equal(0, ack.Duplicates);
        Assert.Equal(0, ack.Rejected);
        Assert.Equal([payment.EventId, login.EventId], ack.Results.Select(r => r.EventId));
        Assert.All(ack.Results, r => Assert.Equal(Outcome.Accepted, r.Outcome));

        Assert.Equal(2, await ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant)));
        await using var cmd = host.Database.CreateCommand(
            """
            select domain, type, country_code, amount_minor, currency, duration_ms, account_id, session_id,
                   properties->>'plan', schema_version, user_id, occurred_at
            from events_raw where tenant = @t and event_id = @id
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("id", Guid.Parse(payment.EventId));
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("payments", reader.GetString(0));
        Assert.Equal("PAYMENT_CAPTURED", reader.GetString(1));
        Assert.Equal("DE", reader.GetString(2));
        Assert.Equal(12_345, reader.GetInt64(3));
        Assert.Equal("EUR", reader.GetString(4));
        Assert.Equal(420, reader.GetInt64(5));
        Assert.Equal("acc-9", reader.GetString(6));
        Assert.Equal("s-1", reader.GetString(7));
        Assert.Equal("pro", reader.GetString(8));
        Assert.Equal(2, reader.GetInt32(9));
        Assert.Equal("user-1", reader.GetString(10));
        var sent = payment.OccurredAt.ToDateTimeOffset();
        Assert.Equal(sent.AddTicks(-(sent.UtcTicks % 10)), reader.GetFieldValue<DateTimeOffset>(11)); // microseconds, as stored
    }

    [Fact]
    public async Task A_retried_event_is_a_duplicate_and_stored_once()
    {
        var tenant = NewTenant();
        var e = NewEvent();

        var first = await host.Client.TrackAsync(e, host.AuthFor(tenant));
        var again = await host.Client.TrackAsync(e, host.AuthFor(tenant));
        var batch = await host.Client.TrackBatchAsync(new EventBatch { Events = { e, NewEvent(), e } }, host.AuthFor(tenant));

        Assert.Equal(Outcome.Accepted, first.Result.Outcome);
        Assert.Equal(Outcome.Duplicate, again.Result.Outcome);
        Assert.Equal([Outcome.Duplicate, Outcome.Accepted, Outcome.Duplicate], batch.Results.Select(r => r.Outcome));
        Assert.Equal(1, batch.Accepted);
        Assert.Equal(2, batch.Duplicates);
        Assert.Equal(1, await ScalarAsync("select count(*) from events_raw where tenant = @t and event_id = @id", ("t", tenant), ("id", Guid.Parse(e.EventId))));
        Assert.Equal(2, await ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant)));

        // The idempotency key is per tenant: another tenant may use the same id.
        var other = await host.Client.TrackAsync(e, host.AuthFor(NewTenant()));
        Assert.Equal(Outcome.Accepted, other.Result.Outcome);
    }

    [Fact]
    public async Task Concurrent_retries_of_the_same_batch_store_it_once()
    {
        var tenant = NewTenant();
        var batch = new EventBatch { Events = { Enumerable.Range(0, 50).Select(_ => NewEvent()) } };

        var acks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Client.TrackBatchAsync(batch, host.AuthFor(tenant)).ResponseAsync));

        Assert.Equal(50, acks.Sum(a => a.Accepted));
        Assert.Equal(150, acks.Sum(a => a.Duplicates));
        Assert.Equal(50, await ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task The_outbox_message_commits_with_the_events_and_gets_published()
    {
        var tenant = NewTenant();
        var events = new[] { NewEvent(), NewEvent("LOGIN_FAILED"), NewEvent() };
        events[0].EntityType = "portal";
        events[0].EntityId = "p-7";
        events[0].SessionId = "s-1";
        events[0].Properties.Add("ip_hash", "9f2c");
        events[0].Properties.Add("note", "contact me at a@b.example");
        events[0].Properties.Add("long_a", new string('x', 1020));
        events[0].Properties.Add("long_b", new string('y', 1020));   // takes the event past MaxPropertyChars

        var ack = await host.Client.TrackBatchAsync(new EventBatch { Events = { events } }, host.AuthFor(tenant));
        Assert.Equal(3, ack.Accepted);

        // One outbox row for the request, carrying exactly the new events.
        Assert.Equal(1, await ScalarAsync("select count(*) from outbox_messages where payload->>'tenant' = @t", ("t", tenant)));
        await Eventually.TrueAsync(
            async () => await ScalarAsync("select count(*) from outbox_messages where payload->>'tenant' = @t and published_at is not null", ("t", tenant)) == 1,
            "the outbox relay to mark the message published");

        await Eventually.TrueAsync(() => Task.FromResult(host.Published.Any(p => p.Message.Tenant == tenant)), "EventBatchIngested to arrive on the vhost");
        var (messageId, message) = host.Published.Single(p => p.Message.Tenant == tenant);
        Assert.Equal(message.BatchId, messageId);
        Assert.Equal(events.Select(e => Guid.Parse(e.EventId)).Order(), message.Events.Select(e => e.EventId).Order());
        Assert.Equal(["LOGIN", "LOGIN", "LOGIN_FAILED"], message.Events.Select(e => e.Type).Order());
        Assert.All(message.Events, e => Assert.Equal("user-1", e.UserId));
        // Entity, session and (redacted, bounded) properties travel too: predictions' feature store needs them.
        var rich = message.Events.Single(e => e.EventId == Guid.Parse(events[0].EventId));
        Assert.Equal(("portal", "p-7", "s-1"), (rich.EntityType, rich.EntityId, rich.SessionId));
        Assert.Equal("9f2c", rich.Properties!["ip_hash"]);
        Assert.DoesNotContain("a@b.example", rich.Properties["note"], StringComparison.Ordinal);
        Assert.True(rich.Properties.ContainsKey("long_a"));
        Assert.False(rich.Properties.ContainsKey("long_b"), "properties beyond MaxPropertyChars stay out of the announcement");
        Assert.Null(message.Events.First(e => e.EventId != rich.EventId).Properties);

        // A request with only duplicates announces nothing new.
        var retry = await host.Client.TrackBatchAsync(new EventBatch { Events = { events } }, host.AuthFor(tenant));
        Assert.Equal(3, retry.Duplicates);
        Assert.Equal(1, await ScalarAsync("select count(*) from outbox_messages where payload->>'tenant' = @t", ("t", tenant)));
    }

    [Fact]
    public async Task A_bad_event_in_a_batch_is_rejected_alone()
    {
        var tenant = NewTenant();
        var bad = NewEvent();
        bad.CountryCode = "Germany";
        var tooOld = NewEvent(age: TimeSpan.FromDays(91));
        var good = NewEvent();

        var ack = await host.Client.TrackBatchAsync(new EventBatch { Events = { bad, good, tooOld } }, host.AuthFor(tenant));

        Assert.Equal([Outcome.Rejected, Outcome.Accepted, Outcome.Rejected], ack.Results.Select(r => r.Outcome));
        Assert.Equal("country_code", ack.Results[0].Field);
        Assert.Equal("occurred_at", ack.Results[2].Field);
        Assert.False(string.IsNullOrEmpty(ack.Results[0].Reason));
        Assert.Equal(1, ack.Accepted);
        Assert.Equal(2, ack.Rejected);
        Assert.Equal(1, await ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task Track_with_a_bad_event_is_InvalidArgument_with_field_violations()
    {
        var e = NewEvent();
        e.EventId = "nope";
        e.Type = "login";
        e.DurationMs = -1;

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(e, host.AuthFor(NewTenant())).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(["event_id", "type", "duration_ms"], ex.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public async Task An_empty_or_oversized_batch_is_InvalidArgument()
    {
        var tenant = NewTenant();
        var empty = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackBatchAsync(new EventBatch(), host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal("events", Assert.Single(empty.FieldViolations()).Field);

        var huge = new EventBatch { Events = { Enumerable.Range(0, 1001).Select(_ => NewEvent()) } };
        var oversized = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackBatchAsync(huge, host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, oversized.StatusCode);
        Assert.Equal("events", Assert.Single(oversized.FieldViolations()).Field);
        Assert.Equal(0, await ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task A_batch_of_the_maximum_size_is_accepted()
    {
        var tenant = NewTenant();
        var full = new EventBatch { Events = { Enumerable.Range(0, 1000).Select(_ => NewEvent()) } };

        var ack = await host.Client.TrackBatchAsync(full, host.AuthFor(tenant));

        Assert.Equal(1000, ack.Accepted);
        Assert.Equal(1000, await ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task Calls_without_a_token_are_Unauthenticated()
    {
        var track = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(NewEvent()).ResponseAsync);
        var batch = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackBatchAsync(new EventBatch { Events = { NewEvent() } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, track.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, batch.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_tenant_is_PermissionDenied()
    {
        var token = SuiteTokens.Create(InfraFixture.SigningKey, "someone", tenant: null, [SuiteRoles.Admin], TimeSpan.FromMinutes(5));
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.TrackAsync(NewEvent(), new Metadata { { "Authorization", "Bearer " + token } }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Json_transcoding_accepts_events_over_http()
    {
        var tenant = NewTenant();
        using var http = host.Factory.CreateClient();
        var id = Guid.NewGuid();
        var body = JsonSerializer.Serialize(new
        {
            events = new[]
            {
                new
                {
                    eventId = id,
                    domain = "auth",
                    type = "LOGIN",
                    occurredAt = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ"),
                    properties = new Dictionary<string, string> { ["source"] = "curl" },
                },
            },
        });

        using var anonymous = await http.PostAsync("/v1/batch", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, json.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal("OUTCOME_ACCEPTED", json.RootElement.GetProperty("results")[0].GetProperty("outcome").GetString());
        Assert.Equal(1, await ScalarAsync("select count(*) from events_raw where tenant = @t and properties->>'source' = 'curl'", ("t", tenant)));

        // A bad single event is 400 with the google.rpc.BadRequest field violations in the body.
        using var bad = new HttpRequestMessage(HttpMethod.Post, "/v1/events")
        {
            Content = new StringContent("""{"eventId": "nope", "domain": "auth", "type": "LOGIN"}""", Encoding.UTF8, "application/json"),
        };
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var badResponse = await http.SendAsync(bad);
        var badBody = await badResponse.Content.ReadAsStringAsync();
        Assert.True(badResponse.StatusCode == HttpStatusCode.BadRequest, badBody);
        Assert.Contains("\"field\": \"event_id\"", badBody.Replace("\":\"", "\": \""));
        Assert.Contains("occurred_at", badBody);
    }

    [Fact]
    public async Task Monthly_partitions_exist_from_the_retention_window_to_two_months_ahead()
    {
        var partitions = host.Services.GetRequiredService<PartitionMaintenance>();
        var names = await partitions.ListAsync(CancellationToken.None);

        var now = DateTime.UtcNow;
        var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var oldest = now.AddDays(-90);
        for (var m = new DateTime(oldest.Year, oldest.Month, 1, 0, 0, 0, DateTimeKind.Utc); m <= month.AddMonths(2); m = m.AddMonths(1))
        {
            Assert.Contains($"events_raw_p{m:yyyyMM}", names);
        }
        Assert.Contains($"events_raw_p{month.AddMonths(-1):yyyyMM}", names);

        // Creating them again is a no-op (the daily job and replicas call it repeatedly).
        Assert.Equal(0, await partitions.EnsureAsync(month.AddMonths(-1), month.AddMonths(2), CancellationToken.None));

        // An event lands in the partition of its month.
        var tenant = NewTenant();
        var e = NewEvent(age: TimeSpan.Zero);
        await host.Client.TrackAsync(e, host.AuthFor(tenant));
        var partition = $"events_raw_p{e.OccurredAt.ToDateTime():yyyyMM}";
        Assert.Equal(1, await ScalarAsync($"select count(*) from {partition} where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task Prometheus_shows_ingestion_metrics()
    {
        await host.Client.TrackBatchAsync(new EventBatch { Events = { NewEvent(), new Event { EventId = "bad" } } }, host.AuthFor(NewTenant()));
        using var http = host.Factory.CreateClient();

        var text = await http.GetStringAsync("/metrics");

        Assert.Contains("suite_ingestion_events_total{", text);
        Assert.Contains("result=\"accepted\"", text);
        Assert.Contains("reason=\"event_id\"", text);
        Assert.Contains("suite_ingestion_batch_commit_duration_seconds_bucket", text);
        Assert.Contains("suite_ingestion_commit_group_requests_bucket", text);
        var stages = text.Split('\n').Where(l => l.StartsWith("suite_ingestion_commit_stage_duration_seconds_count{", StringComparison.Ordinal)).ToList();
        foreach (var stage in new[] { "wait", "keys", "rows", "commit" })
        {
            Assert.Contains(stages, l => l.Contains($"stage=\"{stage}\"", StringComparison.Ordinal));
        }
    }
}
