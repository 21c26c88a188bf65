using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

[Collection(InfraCollection.Name)]
public class MetricsApiTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    // A fixed past hour: rollups do not care about wall-clock time, and fixed data makes exact assertions possible.
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 10, 0, 0, TimeSpan.Zero);

    private static IngestedEvent E(string domain, string type, DateTimeOffset at) =>
        new(Guid.NewGuid(), domain, type, at, "u1", null, null, "DE", null, null, null, null, null);

    private static IEnumerable<IngestedEvent> Many(int n, string domain, string type, DateTimeOffset at) =>
        Enumerable.Range(0, n).Select(i => E(domain, type, at.AddSeconds(i % 60)));

    private static EventBatchIngested Batch(string tenant, IEnumerable<IngestedEvent> events) =>
        new(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, events.ToList());

    private async Task IngestAsync(EventBatchIngested batch)
    {
        await host.PublishAsync(batch, batch.BatchId);
        await host.WaitForConsumedAsync(batch.BatchId);
    }

    private static GetKpiSeriesRequest Series(string kpi, DateTimeOffset from, DateTimeOffset to, Granularity g, params (string Key, string Value)[] filters)
    {
        var request = new GetKpiSeriesRequest
        {
            Kpi = kpi,
            From = Timestamp.FromDateTimeOffset(from),
            To = Timestamp.FromDateTimeOffset(to),
            Granularity = g,
        };
        foreach (var (key, value) in filters)
        {
            request.Filters.Add(key, value);
        }
        return request;
    }

    [Fact]
    public async Task Consumed_batches_show_up_as_counts_and_rates()
    {
        var tenant = MetricsHost.NewTenant();
        await IngestAsync(Batch(tenant,
        [
            .. Many(3, "auth", "LOGIN", T0.AddMinutes(1)),
            .. Many(1, "auth", "LOGIN_FAILED", T0.AddMinutes(1)),
            .. Many(1, "auth", "LOGIN", T0.AddMinutes(5)),
            .. Many(4, "quotes", "QUOTE_REQUESTED", T0.AddMinutes(20)),
            .. Many(1, "orders", "ORDER_PLACED", T0.AddMinutes(30)),
            .. Many(2, "auth", "LOGIN_FAILED", T0.AddHours(1).AddMinutes(7)),
        ]));
        var auth = host.AuthFor(tenant);

        var rate = await host.Client.GetKpiSeriesAsync(Series("login_success_rate", T0, T0.AddHours(3), Granularity.Hour), auth);
        Assert.Equal("login_success_rate", rate.Kpi);
        Assert.Equal("ratio", rate.Unit);
        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2)], rate.Points.Select(p => p.Start.ToDateTimeOffset()));
        Assert.Equal((true, 4L, 5L), (rate.Points[0].HasValue, rate.Points[0].Numerator, rate.Points[0].Denominator));
        Assert.Equal(0.8, rate.Points[0].Value, 12);
        Assert.Equal((true, 0d, 0L, 2L), (rate.Points[1].HasValue, rate.Points[1].Value, rate.Points[1].Numerator, rate.Points[1].Denominator));
        Assert.False(rate.Points[2].HasValue);
        Assert.Equal(4.0 / 7, rate.Total.Value, 12);
        Assert.Equal((4L, 7L), (rate.Total.Numerator, rate.Total.Denominator));

        var logins = await host.Client.GetKpiSeriesAsync(Series("logins", T0, T0.AddMinutes(10), Granularity.Minute), auth);
        Assert.Equal("count", logins.Unit);
        Assert.Equal([0L, 3, 0, 0, 0, 1, 0, 0, 0, 0], logins.Points.Select(p => p.Numerator));
        Assert.Equal([0d, 3, 0, 0, 0, 1, 0, 0, 0, 0], logins.Points.Select(p => p.Value));
        Assert.Equal(4, logins.Total.Numerator);

        var day = new DateTimeOffset(T0.Date, TimeSpan.Zero);
        var failures = await host.Client.GetKpiSeriesAsync(Series("login_failures", day, day.AddDays(1), Granularity.Day), auth);
        Assert.Equal(3, Assert.Single(failures.Points).Numerator);

        var all = await host.Client.GetKpiSeriesAsync(Series("events_count", T0, T0.AddHours(2), Granularity.Hour), auth);
        Assert.Equal([10L, 2], all.Points.Select(p => p.Numerator));

        var authOnly = await host.Client.GetKpiSeriesAsync(Series("events_count", T0, T0.AddHours(2), Granularity.Hour, ("domain", "auth")), auth);
        Assert.Equal(7, authOnly.Total.Numerator);

        var quotes = await host.Client.GetKpiSeriesAsync(Series("events_count", T0, T0.AddHours(2), Granularity.Hour, ("domain", "quotes"), ("type", "QUOTE_REQUESTED")), auth);
        Assert.Equal(4, quotes.Total.Numerator);

        var orders = await host.Client.GetKpiSeriesAsync(Series("orders", T0, T0.AddHours(1), Granularity.Hour), auth);
        Assert.Equal(1, orders.Total.Numerator);

        var conversion = await host.Client.GetKpiSeriesAsync(Series("quote_conversion_rate", T0, T0.AddHours(1), Granularity.Hour), auth);
        Assert.Equal((1L, 4L, 0.25), (conversion.Total.Numerator, conversion.Total.Denominator, conversion.Total.Value));
    }

    [Fact]
    public async Task The_same_message_delivered_twice_counts_once()
    {
        var tenant = MetricsHost.NewTenant();
        var batch = Batch(tenant, Many(5, "auth", "LOGIN", T0));

        await host.PublishAsync(batch, batch.BatchId);
        await host.PublishAsync(batch, batch.BatchId);
        await host.WaitForConsumedAsync(batch.BatchId, deliveries: 2);

        var logins = await host.Client.GetKpiSeriesAsync(Series("logins", T0, T0.AddHours(1), Granularity.Hour), host.AuthFor(tenant));
        Assert.Equal(5, logins.Total.Numerator);

        // A different message adds up, into the same minute row.
        await IngestAsync(Batch(tenant, Many(2, "auth", "LOGIN", T0)));
        logins = await host.Client.GetKpiSeriesAsync(Series("logins", T0, T0.AddHours(1), Granularity.Hour), host.AuthFor(tenant));
        Assert.Equal(7, logins.Total.Numerator);
    }

    [Theory]
    [InlineData(Granularity.Day, 0, 24 * 60)]      // day table
    [InlineData(Granularity.Day, 60, 24 * 60)]     // hour table
    [InlineData(Granularity.Hour, 1, 120)]         // minute table
    public async Task A_redelivered_message_never_double_counts_in_any_table(Granularity g, int fromMinutes, int toMinutes)
    {
        var tenant = MetricsHost.NewTenant();
        var day = new DateTimeOffset(T0.Date, TimeSpan.Zero);
        IngestedEvent Pay(int minute, long amount, long duration) =>
            new(Guid.NewGuid(), "payments", "PAYMENT_SUCCEEDED", day.AddMinutes(minute), "u-" + minute, null, "ok", "DE", "stripe", null, amount, "EUR", duration);
        var batch = Batch(tenant, [Pay(70, 1_000, 100), Pay(71, 3_000, 300), Pay(95, 500, 50)]);

        await host.PublishAsync(batch, batch.BatchId);
        await host.PublishAsync(batch, batch.BatchId);
        await host.WaitForConsumedAsync(batch.BatchId, deliveries: 2);

        var from = day.AddMinutes(fromMinutes);
        var to = day.AddMinutes(toMinutes);
        var avg = await host.Client.GetKpiSeriesAsync(Series("average_transaction_amount", from, to, g, ("country", "DE")), host.AuthFor(tenant));
        Assert.Equal((4_500L, 3L, 1_500d), (avg.Total.Numerator, avg.Total.Denominator, avg.Total.Value));
        var count = await host.Client.GetKpiSeriesAsync(Series("events_count", from, to, g), host.AuthFor(tenant));
        Assert.Equal(3, count.Total.Numerator);
        var dau = await host.Client.GetKpiSeriesAsync(Series("dau", day, day.AddDays(1), Granularity.Day), host.AuthFor(tenant));
        Assert.Equal(3, Assert.Single(dau.Points).Numerator);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_data()
    {
        var tenantA = MetricsHost.NewTenant();
        var tenantB = MetricsHost.NewTenant();
        await IngestAsync(Batch(tenantA, Many(6, "auth", "LOGIN", T0)));

        var seenByB = await host.Client.GetKpiSeriesAsync(Series("events_count", T0, T0.AddHours(1), Granularity.Minute), host.AuthFor(tenantB));
        var seenByA = await host.Client.GetKpiSeriesAsync(Series("events_count", T0, T0.AddHours(1), Granularity.Minute), host.AuthFor(tenantA));

        Assert.Equal(60, seenByB.Points.Count);
        Assert.All(seenByB.Points, p => Assert.Equal(0, p.Numerator));
        Assert.Equal(0, seenByB.Total.Numerator);
        Assert.Equal(6, seenByA.Total.Numerator);
    }

    [Theory]
    [InlineData("no_such_kpi", 0, 1, Granularity.Hour, "kpi")]
    [InlineData("logins", 1, 1, Granularity.Hour, "to")]
    [InlineData("logins", 2, 1, Granularity.Hour, "to")]
    [InlineData("logins", 0, 24 * 8, Granularity.Minute, "granularity")]
    public async Task Bad_requests_are_InvalidArgument_with_the_field(string kpi, int fromHours, int toHours, Granularity g, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.GetKpiSeriesAsync(Series(kpi, T0.AddHours(fromHours), T0.AddHours(toHours), g), host.AuthFor(MetricsHost.NewTenant())).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(field, Assert.Single(ex.FieldViolations()).Field);
    }

    [Fact]
    public async Task Calls_without_a_token_are_Unauthenticated()
    {
        var series = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetKpiSeriesAsync(Series("logins", T0, T0.AddHours(1), Granularity.Hour)).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => host.Client.ListKpisAsync(new ListKpisRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, series.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, list.StatusCode);
    }

    [Fact]
    public async Task ListKpis_returns_the_catalog()
    {
        var response = await host.Client.ListKpisAsync(new ListKpisRequest(), host.AuthFor(MetricsHost.NewTenant()));

        Assert.Equal(Metrics.Domain.KpiCatalog.All.Select(k => k.Name), response.Kpis.Select(k => k.Name));
        Assert.All(response.Kpis, k => Assert.True(k.BuiltIn));
        string[] contracted =
        [
            "events_count", "logins", "login_failures", "login_success_rate", "orders", "quote_conversion_rate",
            "dau", "wau", "mau", "stickiness", "account_lockout_rate", "payment_success_rate", "refund_rate",
            "average_transaction_amount", "call_answer_rate", "call_drop_rate", "notification_ctr", "error_rate",
            "api_response_time_avg", "api_response_time_p50", "api_response_time_p95", "api_response_time_p99", "call_duration_p95",
            "mfa_adoption_rate", "suspicious_activity_rate", "quote_portal_share", "portal_quote_conversion_rate", "uptime",
            "first_time_proof_approval_rate", "proof_approval_cycle_time_p95", "time_to_delivery_p95", "payment_fallback_rate",
            "opt_out_rate", "listen_through_rate", "content_coverage_rate", "content_approval_latency_p95",
        ];
        Assert.Empty(contracted.Except(response.Kpis.Select(k => k.Name)));
        Assert.Equal(["country", "provider"], response.Kpis.Single(k => k.Name == "payment_success_rate").Filters);
        Assert.Equal("amount_minor", response.Kpis.Single(k => k.Name == "average_transaction_amount").Unit);
        Assert.Equal("ms", response.Kpis.Single(k => k.Name == "api_response_time_avg").Unit);
        Assert.Equal("ratio", response.Kpis.Single(k => k.Name == "login_success_rate").Unit);
        Assert.All(response.Kpis, k => Assert.False(string.IsNullOrWhiteSpace(k.Description)));
    }

    [Fact]
    public async Task Json_transcoding_serves_series_over_http()
    {
        var tenant = MetricsHost.NewTenant();
        await IngestAsync(Batch(tenant, Many(3, "auth", "LOGIN", T0.AddMinutes(2))));
        using var http = host.Factory.CreateClient();
        var url = $"/v1/kpis/logins/series?from={T0:yyyy-MM-ddTHH:mm:ssZ}&to={T0.AddHours(2):yyyy-MM-ddTHH:mm:ssZ}&granularity=GRANULARITY_HOUR";

        using var anonymous = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var points = json.RootElement.GetProperty("points");
        Assert.Equal(2, points.GetArrayLength());
        Assert.Equal(3, points[0].GetProperty("value").GetDouble());
        Assert.Equal("count", json.RootElement.GetProperty("unit").GetString());

        // Map fields bind from the query string as filters[key]=value or filters.key=value.
        using var filtered = new HttpRequestMessage(HttpMethod.Get,
            $"/v1/kpis/events_count/series?from={T0:yyyy-MM-ddTHH:mm:ssZ}&to={T0.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}&filters[domain]=auth&filters[type]=LOGIN");
        filtered.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var filteredResponse = await http.SendAsync(filtered);
        var filteredBody = await filteredResponse.Content.ReadAsStringAsync();
        Assert.True(filteredResponse.StatusCode == HttpStatusCode.OK, filteredBody);
        using var filteredJson = JsonDocument.Parse(filteredBody);
        Assert.Equal(3, filteredJson.RootElement.GetProperty("total").GetProperty("value").GetDouble());

        using var wrongFilter = new HttpRequestMessage(HttpMethod.Get,
            $"/v1/kpis/events_count/series?from={T0:yyyy-MM-ddTHH:mm:ssZ}&to={T0.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}&filters.domain=orders");
        wrongFilter.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var wrongResponse = await http.SendAsync(wrongFilter);
        using var wrongJson = JsonDocument.Parse(await wrongResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, wrongResponse.StatusCode);
        var wrongTotal = wrongJson.RootElement.GetProperty("total");
        Assert.Equal(0, wrongTotal.TryGetProperty("value", out var value) ? value.GetDouble() : 0); // defaults may be omitted

        using var notAllowed = new HttpRequestMessage(HttpMethod.Get,
            $"/v1/kpis/logins/series?from={T0:yyyy-MM-ddTHH:mm:ssZ}&to={T0.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}&filters[domain]=auth");
        notAllowed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var notAllowedResponse = await http.SendAsync(notAllowed);
        Assert.True(HttpStatusCode.BadRequest == notAllowedResponse.StatusCode, await notAllowedResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Prometheus_shows_consumer_metrics()
    {
        await IngestAsync(Batch(MetricsHost.NewTenant(), Many(2, "auth", "LOGIN", T0)));
        using var http = host.Factory.CreateClient();

        var text = await http.GetStringAsync("/metrics");

        Assert.Contains("suite_metrics_events_consumed_total", text);
        Assert.Contains("suite_metrics_consume_lag_seconds_bucket", text);
    }
}
