using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using DomainRevenue = Suite.Metrics.Tests.Domain.RevenueTests;

namespace Suite.Metrics.Tests.Integration;

/// <summary>The worked example of <see cref="DomainRevenue"/> through RabbitMQ, the consumer, PostgreSQL and the RPC.</summary>
[Collection(InfraCollection.Name)]
public class RevenueTests(InfraFixture infra) : IAsyncLifetime
{
    private readonly MetricsHost host = new(infra);
    private readonly string tenant = "t-rev-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        // Two batches out of order (the consumer keeps history, order comes from occurred_at), the first one redelivered.
        var first = new EventBatchIngested(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, DomainRevenue.Example.Skip(7).ToList());
        var second = new EventBatchIngested(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, DomainRevenue.Example.Take(7).ToList());
        await host.PublishAsync(first, first.BatchId);
        await host.PublishAsync(second, second.BatchId);
        await host.PublishAsync(first, first.BatchId);
        await host.WaitForConsumedAsync(first.BatchId, deliveries: 2);
        await host.WaitForConsumedAsync(second.BatchId);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private Task<GetRevenueMetricsResponse> Get(string month, string? forTenant = null) =>
        host.Client.GetRevenueMetricsAsync(new GetRevenueMetricsRequest { Month = month }, host.AuthFor(forTenant ?? tenant)).ResponseAsync;

    [Fact]
    public async Task February_matches_the_worked_example()
    {
        var m = (await Get("2025-02")).Currencies.Single();
        Assert.Equal(("EUR", 5700L, 68_400L, 3500L, 3000L, 500L, 800L, 500L, 0L),
            (m.Currency, m.MrrMinor, m.ArrMinor, m.StartMrrMinor, m.NewMrrMinor, m.ExpansionMrrMinor, m.ContractionMrrMinor, m.ChurnedMrrMinor, m.ReactivationMrrMinor));
        Assert.Equal((3, 3, 1, 1, 0, 1900L, 5700L), (m.PayingAccounts, m.StartPayingAccounts, m.NewAccounts, m.ChurnedAccounts, m.ReactivatedAccounts, m.ArpuMinor, m.LtvMinor));
        Assert.Equal(2700.0 / 3500, m.NetRevenueRetention, 12);
        Assert.Equal(2200.0 / 3500, m.GrossRevenueRetention, 12);
        Assert.Equal(3500.0 / 1300, m.QuickRatio, 12);
        Assert.Equal(1300.0 / 3500, m.RevenueChurnRate, 12);
    }

    [Fact]
    public async Task Every_month_matches_and_undefined_ratios_are_absent()
    {
        var jan = (await Get("2025-01")).Currencies.Single();
        Assert.Equal((3500L, 3500L, 1167L), (jan.MrrMinor, jan.NewMrrMinor, jan.ArpuMinor));
        Assert.False(jan.HasLogoChurnRate || jan.HasNetRevenueRetention || jan.HasGrossRevenueRetention || jan.HasQuickRatio || jan.HasLtvMinor || jan.HasRevenueChurnRate);

        var mar = (await Get("2025-03")).Currencies.Single();
        Assert.Equal((5400L, 1500L, 700L, 500L), (mar.MrrMinor, mar.ChurnedMrrMinor, mar.ReactivationMrrMinor, mar.ExpansionMrrMinor));

        var apr = (await Get("2025-04")).Currencies.Single();
        Assert.Equal((6100L, 600L, 100L, 0.0, 1.0), (apr.MrrMinor, apr.ReactivationMrrMinor, apr.NewMrrMinor, apr.LogoChurnRate, apr.NetRevenueRetention));
        Assert.False(apr.HasQuickRatio || apr.HasLtvMinor);

        Assert.Empty((await Get("2024-12")).Currencies);
        Assert.Empty((await Get("2025-02", "t-other")).Currencies);
    }

    [Fact]
    public async Task Redelivery_stores_each_event_once()
    {
        await using var conn = new Npgsql.NpgsqlConnection(host.DatabaseConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from subscription_events where tenant = @t", conn);
        cmd.Parameters.AddWithValue("t", tenant);
        Assert.Equal((long)DomainRevenue.Example.Count, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("2025-13")]
    [InlineData("")]
    public async Task A_bad_month_is_InvalidArgument(string month)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Get(month));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["month"], error.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public async Task Json_transcoding_serves_revenue_over_http()
    {
        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/revenue/2025-03");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(tenant));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var m = json.RootElement.GetProperty("currencies")[0];
        Assert.Equal(("2025-03", 5400L, 0.8), (json.RootElement.GetProperty("month").GetString(), m.GetProperty("mrrMinor").GetInt64(), m.GetProperty("quickRatio").GetDouble()));
    }
}
