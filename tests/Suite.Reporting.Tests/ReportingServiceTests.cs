using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Reporting.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;
using Suite.ServiceDefaults.Data;

namespace Suite.Reporting.Tests;

/// <summary>
/// Reporting in-process against real PostgreSQL and RabbitMQ, calling a metrics double over real gRPC
/// (see <see cref="FakeMetricsServer"/>).
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class ReportingServiceTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly DateTimeOffset From = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(5);

    private ReportingTestHost _env = null!;

    public async Task InitializeAsync() => _env = await ReportingTestHost.StartAsync(infra);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Generates_a_pdf_from_the_tenants_kpi_series_and_stores_it()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var request = new GenerateReportRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(From),
            To = Timestamp.FromDateTimeOffset(To),
            Granularity = Granularity.Hour,
            Format = ReportFormat.Pdf,
            Title = "Login success, Monday",
            Filters = { ["domain"] = "auth" },
        };

        var report = await ClientFor(factory).GenerateReportAsync(request, _env.Auth("acme"));

        Assert.Equal("application/pdf", report.ContentType);
        Assert.Equal("login_success_rate_20260105-0800_20260105-1300.pdf", report.FileName);
        Assert.Equal(0.875, report.TotalValue, 12);
        Assert.True(report.HasTotalValue);
        Assert.Equal("ratio", report.Unit);
        var page = Assert.Single(PdfText.Pages(report.Content.ToByteArray()));
        Assert.Contains("Login success, Monday", page);
        Assert.Contains("Tenant: acme", page);
        Assert.Contains("Total: 87.50 %", page);
        Assert.Contains("2026-01-05 11:00 98.00 % 98 100", page);

        // Metrics was asked on behalf of the caller's tenant, with the request as given.
        var (tenant, sent) = Assert.Single(_env.Metrics.Received);
        Assert.Equal("acme", tenant);
        Assert.Equal(("login_success_rate", Granularity.Hour, "auth"), (sent.Kpi, sent.Granularity, sent.Filters["domain"]));
        Assert.Equal(From, sent.From.ToDateTimeOffset());

        await using var conn = new NpgsqlConnection(SystemScope.AllTenantsConnectionString(_env.Database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select tenant, kpi, title, total_value, size_bytes, content, unit from reports where id = @id", conn);
        cmd.Parameters.AddWithValue("id", Guid.Parse(report.ReportId));
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "report row stored");
        Assert.Equal(("acme", "login_success_rate", "Login success, Monday"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        Assert.Equal(0.875, reader.GetDouble(3), 12);
        Assert.Equal(report.Content.Length, reader.GetInt32(4));
        Assert.Equal(report.Content.ToByteArray(), reader.GetFieldValue<byte[]>(5));
        Assert.Equal("ratio", reader.GetString(6));

        using var http = factory.CreateClient();
        var metrics = await ScrapeUntilAsync(http, "suite_reporting_render_duration_seconds_count");
        Assert.Matches(@"suite_reporting_reports_generated_total\{[^}]*kpi=""login_success_rate""[^}]*\} 1", metrics);
        Assert.Matches(@"suite_reporting_render_duration_seconds_count\{[^}]*format=""pdf""[^}]*\} 1", metrics);
    }

    [Fact]
    public async Task Counts_print_as_whole_numbers_and_default_titles_name_the_kpi()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var report = await ClientFor(factory).GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "events_count",
            From = Timestamp.FromDateTimeOffset(From),
            To = Timestamp.FromDateTimeOffset(To),
        }, _env.Auth("globex"));

        Assert.Equal(4600, report.TotalValue);
        var page = Assert.Single(PdfText.Pages(report.Content.ToByteArray()));
        Assert.Contains("KPI report: events_count", page);
        Assert.Contains("Tenant: globex", page);
        Assert.Contains("Total: 4,600", page);
        Assert.Contains("2026-01-05 10:00 3,400 3,400 -", page);
        Assert.Equal("globex", Assert.Single(_env.Metrics.Received).Tenant);
    }

    [Fact]
    public async Task Bad_kpi_or_range_comes_back_with_the_field_violations_of_metrics()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var client = ClientFor(factory);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "no_such_kpi",
            From = Timestamp.FromDateTimeOffset(From),
            To = Timestamp.FromDateTimeOffset(To),
        }, _env.Auth("acme")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        var violation = Assert.Single(unknown.FieldViolations());
        Assert.Equal("kpi", violation.Field);
        Assert.Contains("unknown KPI 'no_such_kpi'", violation.Description);

        var backwards = await Assert.ThrowsAsync<RpcException>(() => client.GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(To),
            To = Timestamp.FromDateTimeOffset(From),
        }, _env.Auth("acme")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.Equal(("to", "must be after from"), Assert.Single(backwards.FieldViolations()) is var v ? (v.Field, v.Description) : default);

        await using var conn = new NpgsqlConnection(SystemScope.AllTenantsConnectionString(_env.Database));
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from reports", conn);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Reporting_rejects_its_own_bad_fields_without_asking_metrics()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var ex = await Assert.ThrowsAsync<RpcException>(() => ClientFor(factory).GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(From),
            To = Timestamp.FromDateTimeOffset(To),
            Title = new string('x', 201),
            Format = (ReportFormat)7,
        }, _env.Auth("acme")).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(["title", "format"], ex.FieldViolations().Select(v => v.Field).ToArray());
        Assert.Empty(_env.Metrics.Received);
    }

    [Fact]
    public async Task Metrics_down_is_unavailable()
    {
        await using var factory = NewFactory($"http://127.0.0.1:{ClosedPort()}", metricsTimeout: "00:00:02");
        var ex = await Assert.ThrowsAsync<RpcException>(() => ClientFor(factory).GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(From),
            To = Timestamp.FromDateTimeOffset(To),
        }, _env.Auth("acme")).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("metrics service is unavailable", ex.Status.Detail);
    }

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated()
    {
        await using var factory = NewFactory(_env.Metrics.Address);
        var ex = await Assert.ThrowsAsync<RpcException>(() => ClientFor(factory).GenerateReportAsync(new GenerateReportRequest { Kpi = "events_count" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Empty(_env.Metrics.Received);
    }

    private WebApplicationFactory<Program> NewFactory(string metricsAddress, string? metricsTimeout = null)
    {
        var settings = new Dictionary<string, string?> { ["services:metrics:grpc:0"] = metricsAddress, ["Reporting:Scheduler:Enabled"] = "true" };
        if (metricsTimeout is not null)
        {
            settings["Reporting:MetricsTimeout"] = metricsTimeout;
        }
        return _env.NewFactory(settings: settings);
    }

    private static ReportingClient ClientFor(WebApplicationFactory<Program> factory) => new(factory.Channel());

    /// <summary>/metrics once it shows <paramref name="expected"/> (the exporter caches scrapes briefly).</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var text = await http.GetStringAsync("/metrics");
            if (text.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow >= deadline)
            {
                return text;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
