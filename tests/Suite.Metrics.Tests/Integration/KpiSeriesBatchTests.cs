using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Api;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>GetKpiSeriesBatch: the numbers of single GetKpiSeries calls, one error per bad query, limits, tenant isolation.</summary>
[Collection(InfraCollection.Name)]
public class KpiSeriesBatchTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 10, 0, 0, TimeSpan.Zero);

    private static IngestedEvent E(string domain, string type, DateTimeOffset at, string? status = null, long? duration = null) =>
        new(Guid.NewGuid(), domain, type, at, "u-" + at.Minute, null, status, "DE", null, null, null, null, duration);

    private static GetKpiSeriesRequest Series(string kpi, DateTimeOffset from, DateTimeOffset to, Granularity g, params (string Key, string Value)[] filters)
    {
        var request = new GetKpiSeriesRequest { Kpi = kpi, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to), Granularity = g };
        foreach (var (key, value) in filters)
        {
            request.Filters.Add(key, value);
        }
        return request;
    }

    private static GetKpiSeriesBatchRequest Batch(params GetKpiSeriesRequest[] queries) => new() { Queries = { queries } };

    private async Task<string> TenantWithEventsAsync()
    {
        var tenant = MetricsHost.NewTenant();
        await host.IngestAsync(tenant,
        [
            .. Enumerable.Range(0, 4).Select(i => E("auth", "LOGIN", T0.AddMinutes(i))),
            E("auth", "LOGIN_FAILED", T0.AddMinutes(2)),
            E("auth", "LOGIN_FAILED", T0.AddHours(1).AddMinutes(5)),
            .. Enumerable.Range(0, 3).Select(i => E("api", "REQUEST", T0.AddMinutes(10 + i), "ok", duration: 100 * (i + 1))),
            E("quotes", "QUOTE_REQUESTED", T0.AddMinutes(20)),
        ]);
        return tenant;
    }

    [Fact]
    public async Task Each_result_is_what_a_single_call_answers_in_the_order_asked()
    {
        var tenant = await TenantWithEventsAsync();
        var auth = host.AuthFor(tenant);
        await host.Client.CreateKpiAsync(new CreateKpiRequest
        {
            Name = "failed_logins_own", Kind = "count", Numerator = { new KpiSelector { Domain = "auth", Type = "LOGIN_FAILED" } },
        }, auth);
        var day = new DateTimeOffset(T0.Date, TimeSpan.Zero);
        GetKpiSeriesRequest[] queries =
        [
            Series("login_success_rate", T0, T0.AddHours(3), Granularity.Hour),
            Series("logins", T0, T0.AddMinutes(10), Granularity.Minute),
            Series("events_count", T0, T0.AddHours(2), Granularity.Hour, ("domain", "auth")),
            Series("dau", day, day.AddDays(1), Granularity.Day),
            Series("api_response_time_p95", T0, T0.AddHours(1), Granularity.Minute),
            Series("failed_logins_own", T0, T0.AddHours(2), Granularity.Hour),
            Series("logins", T0, T0.AddMinutes(10), Granularity.Minute),   // the same query twice: answered twice
        ];

        var batch = await host.Client.GetKpiSeriesBatchAsync(Batch(queries), auth);

        Assert.Equal(queries.Length, batch.Results.Count);
        for (var i = 0; i < queries.Length; i++)
        {
            var single = await host.Client.GetKpiSeriesAsync(queries[i], auth);
            Assert.Equal(KpiSeriesResult.ResultOneofCase.Series, batch.Results[i].ResultCase);
            Assert.Equal(single, batch.Results[i].Series);
        }
        Assert.Equal(4, batch.Results[1].Series.Total.Numerator);
        Assert.Equal(2, batch.Results[5].Series.Total.Numerator);
    }

    [Fact]
    public async Task A_bad_query_gets_its_own_error_and_the_others_their_series()
    {
        var tenant = await TenantWithEventsAsync();
        var auth = host.AuthFor(tenant);
        var good = Series("logins", T0, T0.AddHours(1), Granularity.Hour);

        var batch = await host.Client.GetKpiSeriesBatchAsync(Batch(
            good,
            Series("no_such_kpi", T0, T0.AddHours(1), Granularity.Hour),
            Series("logins", T0.AddHours(2), T0.AddHours(1), Granularity.Hour),
            Series("logins", T0, T0.AddHours(1), Granularity.Hour, ("domain", "auth")),
            good), auth);

        Assert.Equal(5, batch.Results.Count);
        Assert.Equal(4, batch.Results[0].Series.Total.Numerator);
        Assert.Equal(batch.Results[0].Series, batch.Results[4].Series);
        (int Index, string Field)[] errors = [(1, "queries[1].kpi"), (2, "queries[2].to"), (3, "queries[3].filters")];
        foreach (var (index, field) in errors)
        {
            var error = batch.Results[index].Error;
            Assert.NotNull(error);
            Assert.Equal((int)StatusCode.InvalidArgument, error.Code);
            Assert.Equal(field, Assert.Single(error.FieldViolations).Field);
            Assert.StartsWith(field + ": ", error.Message);
        }
    }

    [Fact]
    public async Task Too_many_queries_or_points_are_InvalidArgument_for_the_call()
    {
        var auth = host.AuthFor(MetricsHost.NewTenant());
        var hour = Series("logins", T0, T0.AddHours(1), Granularity.Hour);

        var full = await host.Client.GetKpiSeriesBatchAsync(Batch(Enumerable.Repeat(hour, MetricsApi.MaxBatchQueries).ToArray()), auth);
        Assert.Equal(MetricsApi.MaxBatchQueries, full.Results.Count(r => r.Series is not null));
        Assert.Empty((await host.Client.GetKpiSeriesBatchAsync(Batch(), auth)).Results);

        var tooMany = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.GetKpiSeriesBatchAsync(Batch(Enumerable.Repeat(hour, MetricsApi.MaxBatchQueries + 1).ToArray()), auth));
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Equal("queries", Assert.Single(tooMany.FieldViolations()).Field);

        // 11 queries of 10,000 minutes each: every one is valid alone, together they exceed the points of one response.
        var long10k = Series("logins", T0, T0.AddMinutes(10_000), Granularity.Minute);
        var tooLarge = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.GetKpiSeriesBatchAsync(Batch(Enumerable.Repeat(long10k, 11).ToArray()), auth));
        Assert.Equal(StatusCode.InvalidArgument, tooLarge.StatusCode);
        Assert.Equal("queries", Assert.Single(tooLarge.FieldViolations()).Field);
    }

    [Fact]
    public async Task A_batch_sees_only_the_callers_tenant()
    {
        var owner = await TenantWithEventsAsync();
        await host.Client.CreateKpiAsync(new CreateKpiRequest
        {
            Name = "owner_only", Kind = "count", Numerator = { new KpiSelector { Domain = "auth", Type = "LOGIN" } },
        }, host.AuthFor(owner));
        var other = MetricsHost.NewTenant();
        var batch = Batch(Series("events_count", T0, T0.AddHours(2), Granularity.Hour), Series("owner_only", T0, T0.AddHours(1), Granularity.Hour));

        var seenByOwner = await host.Client.GetKpiSeriesBatchAsync(batch, host.AuthFor(owner));
        var seenByOther = await host.Client.GetKpiSeriesBatchAsync(batch, host.AuthFor(other));

        Assert.Equal(10, seenByOwner.Results[0].Series.Total.Numerator);
        Assert.Equal(4, seenByOwner.Results[1].Series.Total.Numerator);
        Assert.Equal(0, seenByOther.Results[0].Series.Total.Numerator);
        Assert.Equal("queries[1].kpi", Assert.Single(seenByOther.Results[1].Error.FieldViolations).Field);
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.GetKpiSeriesBatchAsync(batch));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task Json_transcoding_serves_batches_over_http()
    {
        var tenant = await TenantWithEventsAsync();
        using var http = host.Factory.CreateClient();
        var body = $$"""
            {"queries": [
              {"kpi": "events_count", "from": "{{T0:yyyy-MM-ddTHH:mm:ssZ}}", "to": "{{T0.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}", "granularity": "GRANULARITY_HOUR", "filters": {"domain": "auth"} },
              {"kpi": "nope", "from": "{{T0:yyyy-MM-ddTHH:mm:ssZ}}", "to": "{{T0.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}"}
            ]}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/kpis:batch") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var results = json.RootElement.GetProperty("results");
        Assert.Equal(5, results[0].GetProperty("series").GetProperty("total").GetProperty("value").GetDouble());
        Assert.Equal("queries[1].kpi", results[1].GetProperty("error").GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }
}
