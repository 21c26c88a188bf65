using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Data;
using Suite.Ingestion.Jobs;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using Outcome = Suite.Contracts.Ingestion.V1.EventResult.Types.Outcome;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>GetIngestionStats and EraseUser (GDPR) against the real database.</summary>
[Collection(InfraCollection.Name)]
public class StatsAndErasureTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    [Fact]
    public async Task Stats_count_the_tenant_own_results_before_and_after_a_flush()
    {
        var tenant = TestEvents.NewTenant();
        var events = Enumerable.Range(0, 5).Select(_ => TestEvents.New()).ToList();
        var badCountry = TestEvents.New();
        badCountry.CountryCode = "XX";
        var tooOld = TestEvents.New(age: TimeSpan.FromDays(100));
        var before = DateTimeOffset.UtcNow;

        await host.Client.TrackBatchAsync(new EventBatch { Events = { events, badCountry, tooOld } }, host.AuthFor(tenant));
        await host.Client.TrackBatchAsync(new EventBatch { Events = { events[0], events[1] } }, host.AuthFor(tenant));
        await host.Client.TrackBatchAsync(new EventBatch { Events = { TestEvents.New() } }, host.AuthFor(TestEvents.NewTenant()));

        var stats = await host.Client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), host.AuthFor(tenant));
        AssertStats(stats);
        Assert.InRange(stats.LastEventAt.ToDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(events.Max(e => e.OccurredAt.ToDateTimeOffset()).UtcTicks / 10, stats.LastOccurredAt.ToDateTimeOffset().UtcTicks / 10);

        // After the counters reach the database, the answer is the same.
        await host.Services.GetRequiredService<StatsFlushJob>().FlushAsync(CancellationToken.None);
        Assert.Equal(5, await host.Database.ScalarAsync("select accepted from ingestion_stats where tenant = @t", ("t", tenant)));
        AssertStats(await host.Client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), host.AuthFor(tenant)));

        // JSON: GET /v1/stats.
        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(5, json.RootElement.GetProperty("accepted").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("rejectedByReason").GetProperty("country_code").GetInt64());

        static void AssertStats(IngestionStats s)
        {
            Assert.Equal((5, 2, 2), (s.Accepted, s.Duplicates, s.Rejected));
            Assert.Equal(new Dictionary<string, long> { ["country_code"] = 1, ["occurred_at"] = 1 }, s.RejectedByReason);
            Assert.Empty(s.RedactionsByKind);
        }
    }

    [Fact]
    public async Task Stats_of_a_tenant_that_never_sent_anything_are_zero()
    {
        var stats = await host.Client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), host.AuthFor(TestEvents.NewTenant()));
        Assert.Equal((0, 0, 0), (stats.Accepted, stats.Duplicates, stats.Rejected));
        Assert.Null(stats.LastEventAt);
    }

    [Fact]
    public async Task EraseUser_deletes_only_that_users_events_of_the_callers_tenant_and_audits_it()
    {
        var tenant = TestEvents.NewTenant();
        var other = TestEvents.NewTenant();
        var erased = Enumerable.Range(0, 3).Select(_ => TestEvents.New(user: "u-erase")).ToList();
        var kept = TestEvents.New(user: "u-keep");
        await host.Client.TrackBatchAsync(new EventBatch { Events = { erased, kept } }, host.AuthFor(tenant));
        await host.Client.TrackBatchAsync(new EventBatch { Events = { TestEvents.New(user: "u-erase") } }, host.AuthFor(other));

        var response = await host.Client.EraseUserAsync(new EraseUserRequest { UserId = "u-erase", Reason = "ticket 42" }, host.AuthFor(tenant));

        Assert.Equal(3, response.EventsErased);
        Assert.Equal("u-erase", response.UserId);
        Assert.Equal(0, await host.Database.ScalarAsync("select count(*) from events_raw where tenant = @t and user_id = 'u-erase'", ("t", tenant)));
        Assert.Equal(1, await host.Database.ScalarAsync("select count(*) from events_raw where tenant = @t and user_id = 'u-keep'", ("t", tenant)));
        Assert.Equal(1, await host.Database.ScalarAsync("select count(*) from events_raw where tenant = @t and user_id = 'u-erase'", ("t", other)));

        // The audit entry: who, why, how many; the user id only as a hash.
        await using (var cmd = host.Database.CreateCommand("select tenant, user_id_sha256, requested_by, reason, events_erased from erasure_audit where id = @id"))
        {
            cmd.Parameters.AddWithValue("id", Guid.Parse(response.AuditId));
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(tenant, reader.GetString(0));
            Assert.Equal(ErasureStore.UserHash(tenant, "u-erase"), reader.GetString(1));
            Assert.Equal($"test-{tenant}", reader.GetString(2));
            Assert.Equal("ticket 42", reader.GetString(3));
            Assert.Equal(3, reader.GetInt64(4));
        }
        Assert.Equal(0, await host.Database.ScalarAsync("select count(*) from erasure_audit where user_id_sha256 like '%u-erase%'"));

        // The outbox no longer names the user; other users are untouched.
        Assert.Equal(0, await host.Database.ScalarAsync(
            "select count(*) from outbox_messages where payload->>'tenant' = @t and payload::text like '%u-erase%'", ("t", tenant)));
        Assert.Equal(1, await host.Database.ScalarAsync(
            "select count(*) from outbox_messages where payload->>'tenant' = @t and payload::text like '%u-keep%'", ("t", tenant)));

        // A client resending an erased event cannot bring it back.
        var resent = await host.Client.TrackBatchAsync(new EventBatch { Events = { erased } }, host.AuthFor(tenant));
        Assert.All(resent.Results, r => Assert.Equal(Outcome.Duplicate, r.Outcome));
        Assert.Equal(1, await host.Database.CountEventsAsync(tenant));

        // Erasing again is harmless and audited too.
        Assert.Equal(0, (await host.Client.EraseUserAsync(new EraseUserRequest { UserId = "u-erase" }, host.AuthFor(tenant))).EventsErased);
        Assert.Equal(2, await host.Database.ScalarAsync("select count(*) from erasure_audit where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task EraseUser_over_json_and_its_refusals()
    {
        var tenant = TestEvents.NewTenant();
        await host.Client.TrackAsync(TestEvents.New(user: "u-json"), host.AuthFor(tenant));

        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/erasures") { Content = new StringContent("""{"userId":"u-json"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, json.RootElement.GetProperty("eventsErased").GetInt64());

        var missing = await Assert.ThrowsAsync<RpcException>(() => host.Client.EraseUserAsync(new EraseUserRequest(), host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Equal("user_id", Assert.Single(missing.FieldViolations()).Field);

        var reader = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.EraseUserAsync(new EraseUserRequest { UserId = "u-json" }, host.AuthFor(tenant, SuiteRoles.Client)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, reader.StatusCode);
    }
}
