using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>The activity store after redelivery and out-of-order batches, validation and JSON of cohorts and funnels.</summary>
[Collection(InfraCollection.Name)]
public class UserActivityApiTests(ActivityHost activity) : IClassFixture<ActivityHost>
{
    private static readonly DateTimeOffset S = ActivityEvents.Start;

    [Fact]
    public async Task Store_holds_each_user_event_once_and_the_earliest_time_per_user()
    {
        var withUser = activity.Events.Where(e => e.UserId is not null).ToList();
        Assert.Equal((long)withUser.Count, await Scalar("select count(*) from user_events where tenant = @t"));
        var expected = withUser.GroupBy(e => e.UserId!).ToDictionary(g => g.Key, g => g.Min(e => e.OccurredAt));

        await using var dataSource = NpgsqlDataSource.Create(activity.Host.DatabaseConnectionString);
        await using var cmd = dataSource.CreateCommand("select user_id, first_seen_at from user_first_seen where tenant = @t");
        cmd.Parameters.AddWithValue("t", activity.Tenant);
        var actual = new Dictionary<string, DateTimeOffset>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            actual[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Bad_cohort_requests_are_InvalidArgument_with_fields()
    {
        var request = new GetCohortRetentionRequest { CohortGranularity = (CohortGranularity)9, Mode = (RetentionMode)7, From = Timestamp.FromDateTimeOffset(S.AddDays(2)), To = Timestamp.FromDateTimeOffset(S) };
        request.DayOffsets.Add(-1);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await activity.Host.Client.GetCohortRetentionAsync(request, activity.Host.AuthFor(activity.Tenant)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["cohort_granularity", "mode", "to", "day_offsets"], error.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public async Task Bad_funnel_requests_are_InvalidArgument_with_fields()
    {
        var request = new GetFunnelRequest { ConversionWindowSeconds = 0, From = Timestamp.FromDateTimeOffset(S) };
        request.Steps.Add(new FunnelStep { Domain = "shop", Type = "" });
        var error = await Assert.ThrowsAsync<RpcException>(async () => await activity.Host.Client.GetFunnelAsync(request, activity.Host.AuthFor(activity.Tenant)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["steps", "steps[0].type", "conversion_window_seconds", "to"], error.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public async Task Another_tenant_sees_nothing()
    {
        var request = new GetCohortRetentionRequest { From = Timestamp.FromDateTimeOffset(S), To = Timestamp.FromDateTimeOffset(S.AddDays(40)) };
        request.DayOffsets.Add(1);
        Assert.Empty((await activity.Host.Client.GetCohortRetentionAsync(request, activity.Host.AuthFor("t-other"))).Cohorts);
    }

    [Fact]
    public async Task Json_transcoding_serves_cohorts_and_funnels()
    {
        using var http = activity.Host.Factory.CreateClient();
        var token = new AuthenticationHeaderValue("Bearer", activity.Host.TokenFor(activity.Tenant));

        using var get = new HttpRequestMessage(HttpMethod.Get,
            "/v1/cohorts/retention?cohortGranularity=COHORT_GRANULARITY_MONTH&from=2025-01-01T00:00:00Z&to=2025-02-10T00:00:00Z&dayOffsets=1&dayOffsets=30&mode=RETENTION_MODE_UNBOUNDED");
        get.Headers.Authorization = token;
        using var cohorts = await http.SendAsync(get);
        cohorts.EnsureSuccessStatusCode();
        using var cohortJson = JsonDocument.Parse(await cohorts.Content.ReadAsStringAsync());
        var january = cohortJson.RootElement.GetProperty("cohorts")[0];
        Assert.Equal("2025-01-01", january.GetProperty("cohortStart").GetString());
        Assert.Equal(2, january.GetProperty("offsets").GetArrayLength());
        var february = cohortJson.RootElement.GetProperty("cohorts")[1];
        Assert.False(february.GetProperty("offsets")[1].TryGetProperty("retained", out _)); // day 30 of February is not reachable yet

        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/funnels")
        {
            Content = new StringContent("""
                {"steps":[{"domain":"shop","type":"VIEW_PRODUCT"},{"domain":"shop","type":"CHECKOUT"}],
                 "conversionWindowSeconds":"86400","from":"2025-01-01T00:00:00Z","to":"2025-02-01T00:00:00Z"}
                """, Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = token;
        using var funnel = await http.SendAsync(post);
        funnel.EnsureSuccessStatusCode();
        using var funnelJson = JsonDocument.Parse(await funnel.Content.ReadAsStringAsync());
        Assert.Equal(2, funnelJson.RootElement.GetProperty("steps").GetArrayLength());
        Assert.True(funnelJson.RootElement.GetProperty("overallConversion").GetDouble() is > 0 and < 1);
    }

    private async Task<long> Scalar(string sql)
    {
        await using var conn = new NpgsqlConnection(activity.Host.DatabaseConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("t", activity.Tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
