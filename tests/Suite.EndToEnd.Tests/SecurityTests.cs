using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Predictions.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Testing;
using Xunit;

namespace Suite.EndToEnd.Tests;

/// <summary>Every RPC needs a token, and the tenant comes from it.</summary>
[Collection(SuiteCollection.Name)]
public sealed class SecurityTests(SuiteFixture fx)
{
    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated_on_every_service()
    {
        var calls = new Func<Task>[]
        {
            async () => await new Ingestion.IngestionClient(fx.Channel("ingestion")).TrackBatchAsync(new EventBatch()),
            async () => await new Metrics.MetricsClient(fx.Channel("metrics")).ListKpisAsync(new ListKpisRequest()),
            async () => await new Predictions.PredictionsClient(fx.Channel("predictions")).GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }),
            async () => await new Suite.Contracts.Alerting.V1.Alerting.AlertingClient(fx.Channel("alerting")).ListRulesAsync(new Suite.Contracts.Alerting.V1.ListRulesRequest()),
            async () => await new Reporting.ReportingClient(fx.Channel("reporting")).GenerateReportAsync(new GenerateReportRequest { Kpi = "logins" }),
        };
        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_unauthenticated()
    {
        var forged = Suite.ServiceDefaults.Auth.SuiteTokens.Create("not-the-suite-key-not-the-suite-key-0000", "mallory", "e2e-a", ["admin"], TimeSpan.FromHours(1));
        var metrics = new Metrics.MetricsClient(fx.Channel("metrics"));
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await metrics.ListKpisAsync(new ListKpisRequest(), SuiteFixture.Bearer(forged)));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Tenant_b_cannot_read_tenant_a_kpis()
    {
        var now = DateTimeOffset.UtcNow;
        var tokenA = SuiteFixture.Bearer(fx.Suite.TokenFor("e2e-tenant-a"));
        var tokenB = SuiteFixture.Bearer(fx.Suite.TokenFor("e2e-tenant-b"));

        var batch = new EventBatch();
        for (var i = 0; i < 5; i++)
        {
            batch.Events.Add(new Event { EventId = Guid.NewGuid().ToString(), Domain = "auth", Type = "LOGIN", OccurredAt = Timestamp.FromDateTimeOffset(now.AddSeconds(-i)) });
        }
        var ack = await new Ingestion.IngestionClient(fx.Channel("ingestion")).TrackBatchAsync(batch, tokenA);
        Assert.Equal(5, ack.Accepted);

        var metrics = new Metrics.MetricsClient(fx.Channel("metrics"));
        var request = new GetKpiSeriesRequest
        {
            Kpi = "logins",
            From = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
            To = Timestamp.FromDateTimeOffset(now.AddHours(1)),
            Granularity = Granularity.Hour,
        };
        var seenByA = await Eventually.Get(
            async () => await metrics.GetKpiSeriesAsync(request, tokenA),
            s => s.Total.Numerator == 5,
            TimeSpan.FromSeconds(60), "tenant A's logins");
        Assert.Equal(5, seenByA.Total.Value);

        var seenByB = await metrics.GetKpiSeriesAsync(request, tokenB);
        Assert.Equal(0, seenByB.Total.Numerator);
        Assert.All(seenByB.Points, p => Assert.Equal(0, p.Numerator));
    }
}
