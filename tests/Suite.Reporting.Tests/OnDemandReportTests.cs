using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Suite.Contracts.Reporting.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;
using static Suite.Reporting.Tests.ReportingTestHost;

namespace Suite.Reporting.Tests;

/// <summary>
/// GenerateReport by report type, and every on-demand call recorded as a run — against real PostgreSQL and a
/// metrics double over real gRPC (<see cref="FakeMetricsServer"/>).
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class OnDemandReportTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly DateTimeOffset To = new(2026, 2, 1, 6, 0, 0, TimeSpan.Zero);

    private ReportingTestHost _env = null!;

    public async Task InitializeAsync() => _env = await ReportingTestHost.StartAsync(infra);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_business_report_is_generated_on_demand_and_recorded_as_a_run()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var client = Client(factory);

        var report = await client.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "health_scorecard",
            To = Timestamp.FromDateTimeOffset(To),
            TimeZone = "Europe/Berlin",
        }, _env.Auth("acme"));

        Assert.Equal(("health_scorecard", "application/pdf"), (report.ReportType, report.ContentType));
        Assert.Equal(5, report.TotalValue);   // the first headline: accounts
        var text = string.Join("\n", PdfText.Pages(report.Content.ToByteArray()));
        Assert.Contains("30 days to 2026-01-31 (UTC)", text);
        Assert.Contains("acct-critical 18.5 critical", text);
        Assert.Contains("acct-power 96.0 healthy", text);

        var run = Assert.Single((await client.ListRunsAsync(new ListRunsRequest(), _env.Auth("acme"))).Runs);
        Assert.Equal((report.RunId, "on_demand", "succeeded", "health_scorecard", ""), (run.Id, run.Trigger, run.Status, run.ReportType, run.SubscriptionId));
        Assert.Equal([report.ReportId], run.ReportIds);
        Assert.Equal((To.AddDays(-1), To), (run.PeriodFrom.ToDateTimeOffset(), run.PeriodTo.ToDateTimeOffset()));
        Assert.Equal(report.Content.Length, run.SizeBytes);
        Assert.Equal(1, run.Attempts);
        Assert.Empty((await client.ListRunsAsync(new ListRunsRequest(), _env.Auth("globex"))).Runs);
    }

    [Fact]
    public async Task The_kpi_report_is_recorded_too()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var client = Client(factory);

        var report = await client.GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(To.AddHours(-5)),
            To = Timestamp.FromDateTimeOffset(To),
        }, _env.Auth("acme"));

        Assert.Equal("kpi", report.ReportType);
        var run = Assert.Single((await client.ListRunsAsync(new ListRunsRequest(), _env.Auth("acme"))).Runs);
        Assert.Equal((report.RunId, "kpi", "succeeded"), (run.Id, run.ReportType, run.Status));
        Assert.Equal([report.ReportId], run.ReportIds);
    }

    [Fact]
    public async Task Bad_fields_come_back_as_field_violations_and_nothing_runs()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var client = Client(factory);

        var all = await Assert.ThrowsAsync<RpcException>(() => client.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "daily_metrics",
            Parameters = { ["colour"] = "blue" },
            TimeZone = "Mars/Olympus_Mons",
            From = Timestamp.FromDateTimeOffset(To),
            To = Timestamp.FromDateTimeOffset(To),
            Format = (ReportFormat)9,
        }, _env.Auth("acme")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, all.StatusCode);
        Assert.Equal(["format", "parameters[colour]", "time_zone", "from"], all.FieldViolations().Select(v => v.Field).ToArray());

        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.GenerateReportAsync(
            new GenerateReportRequest { ReportType = "horoscope" }, _env.Auth("acme")).ResponseAsync);
        var violation = Assert.Single(unknown.FieldViolations());
        Assert.Equal("report_type", violation.Field);
        Assert.Equal("unknown report type 'horoscope'; known: kpi, alert_summary, at_risk_digest, cohort_retention, daily_metrics, " +
            "executive_overview, health_scorecard, quarterly_roi, weekly_review", violation.Description);

        var tooLong = await Assert.ThrowsAsync<RpcException>(() => client.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "daily_metrics",
            From = Timestamp.FromDateTimeOffset(To.AddDays(-400)),
            To = Timestamp.FromDateTimeOffset(To),
        }, _env.Auth("acme")).ResponseAsync);
        Assert.Equal("from", Assert.Single(tooLong.FieldViolations()).Field);

        var zoneOnKpi = await Assert.ThrowsAsync<RpcException>(() => client.GenerateReportAsync(
            new GenerateReportRequest { Kpi = "events_count", TimeZone = "Europe/Berlin" }, _env.Auth("acme")).ResponseAsync);
        Assert.Equal("time_zone", Assert.Single(zoneOnKpi.FieldViolations()).Field);

        Assert.Empty(_env.Metrics.Received);
        Assert.Empty((await client.ListRunsAsync(new ListRunsRequest(), _env.Auth("acme"))).Runs);
    }

    [Fact]
    public async Task A_failed_call_is_recorded_as_a_failed_run()
    {
        await using var factory = NewFactory($"http://127.0.0.1:{ClosedPort()}");
        var client = Client(factory);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.GenerateReportAsync(
            new GenerateReportRequest { ReportType = "health_scorecard", To = Timestamp.FromDateTimeOffset(To) }, _env.Auth("acme")).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        var run = Assert.Single((await client.ListRunsAsync(new ListRunsRequest(), _env.Auth("acme"))).Runs);
        Assert.Equal(("failed", "on_demand", "health_scorecard"), (run.Status, run.Trigger, run.ReportType));
        Assert.StartsWith("Unavailable: the metrics service is unavailable", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.ReportIds);
    }

    private WebApplicationFactory<Program> NewFactory(string metricsAddress) => _env.NewFactory(settings: new Dictionary<string, string?>
    {
        ["services:metrics:grpc:0"] = metricsAddress,
        ["Reporting:MetricsTimeout"] = "00:00:02",
    });

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
