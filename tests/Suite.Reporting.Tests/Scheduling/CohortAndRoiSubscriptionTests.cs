using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Scheduling;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;

namespace Suite.Reporting.Tests.Scheduling;

/// <summary>
/// The cohort_retention and quarterly_roi report types end to end: a subscription created through the API, its run
/// triggered by the scheduler on a fake clock against real PostgreSQL, the fake metrics service's fixed numbers read
/// back from the stored PDF, CSV and XLSX.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class CohortAndRoiSubscriptionTests(InfraFixture infra) : IAsyncLifetime
{
    private string _database = "";
    private string _rabbit = "";
    private FakeMetricsServer _metrics = null!;
    private SlackSink _slack = null!;

    public async Task InitializeAsync()
    {
        _database = await infra.CreateDatabaseAsync("reporting");
        _rabbit = await infra.CreateVirtualHostAsync("reporting");
        _metrics = await FakeMetricsServer.StartAsync();
        _slack = await SlackSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _metrics.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task A_monthly_cohort_retention_run_reads_the_months_before_the_run_and_shows_the_triangle_in_pdf_csv_and_xlsx()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-31T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var tenant = Tenant("cohort");
        var reports = await RunAsync(factory, clock, tenant, new Subscription
        {
            Name = "Monthly retention",
            ReportType = "cohort_retention",
            Parameters = { ["granularity"] = "month", ["cohorts"] = "4", ["mode"] = "unbounded" },
            Cron = "0 6 1 * *",
            TimeZone = "Europe/Berlin",
            Formats = { ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Xlsx },
            SlackWebhooks = { _slack.HookUrl(tenant) },
            Enabled = true,
        }, Utc("2026-04-01T04:00:10Z"));

        // Metrics was asked for the four whole months before the run's local date, one offset per period.
        var (_, request) = Assert.Single(_metrics.CohortRequests, r => r.Tenant == tenant);
        Assert.Equal((CohortGranularity.Month, RetentionMode.Unbounded, Utc("2025-12-01T00:00:00Z"), Utc("2026-04-01T00:00:00Z")),
            (request.CohortGranularity, request.Mode, request.From.ToDateTimeOffset(), request.To.ToDateTimeOffset()));
        Assert.Equal([0, 30, 60, 90], request.DayOffsets);

        Assert.Contains("Month 1 retention: 45.7 %", SlackText(tenant));

        var pdf = string.Join("\n", PdfText.Pages(reports[0]));
        Assert.Contains("Cohort retention", pdf);
        Assert.Contains("4 monthly cohorts, 2025-12-01 to 2026-03-31 (UTC)", pdf);
        // Headline tiles read row by row: labels, then numbers. Month 1: (90 + 50 + 20) / (200 + 100 + 50); month 3: 40 / 200.
        Assert.Contains("Month 1 retention: Month 3 retention: Cohorts: 45.7 % 20.0 % 4", pdf);
        Assert.Contains("2025-12 200 100.0 % 45.0 % 30.0 % 20.0 %", pdf);
        Assert.Contains("Retention curves, latest 3 cohorts", pdf);

        var rows = Rendering.Csv.Parse(Encoding.UTF8.GetString(reports[1])[1..]);
        Assert.Equal(["Cohort", "Size", "M0", "M1", "M2", "M3"], rows[0]);
        Assert.Equal(["2025-12-01", "200", "1", "0.45", "0.3", "0.2"], rows[1]);
        Assert.Equal(["2026-03-01", "10", "1", "", "", ""], rows[4]);

        using var xlsx = new MemoryStream(reports[2]);
        var summary = xlsx.Query(useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["Item"]!);
        Assert.Equal(160.0 / 350, (double)summary["Month 1 retention"]["Value"]!, 12);
        Assert.Equal(360.0, (double)summary["Users"]["Value"]!, 12);
    }

    /// <summary>The headline lines of the run's Slack message.</summary>
    private string SlackText(string tenant) => Assert.Single(_slack.Delivered(tenant)).Json["text"]!.GetValue<string>();

    /// <summary>Creates the subscription, fires its run at <paramref name="at"/> and returns the stored reports' bytes, in format order.</summary>
    private async Task<List<byte[]>> RunAsync(WebApplicationFactory<Program> factory, FakeTimeProvider clock, string tenant, Subscription subscription, DateTimeOffset at)
    {
        var created = await Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = subscription }, Auth(tenant));
        clock.SetUtcNow(at);
        Assert.Equal(1, await Scheduler(factory).PlanOnceAsync(CancellationToken.None));
        Assert.True(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));
        var run = Assert.Single((await Client(factory).ListRunsAsync(new ListRunsRequest(), Auth(tenant))).Runs, r => r.SubscriptionId == created.Id);
        Assert.Equal(("succeeded", ""), (run.Status, run.Error));
        Assert.Equal(subscription.Formats.Count, run.ReportIds.Count);
        var reports = new List<byte[]>();
        foreach (var id in run.ReportIds)
        {
            reports.Add(await Download(factory, tenant, id));
        }
        return reports;
    }

    private async Task<byte[]> Download(WebApplicationFactory<Program> factory, string tenant, string reportId)
    {
        using var call = Client(factory).GetReport(new GetReportRequest { ReportId = reportId }, Auth(tenant));
        using var bytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Data.WriteTo(bytes);
        }
        return bytes.ToArray();
    }

    private WebApplicationFactory<Program> NewFactory(FakeTimeProvider clock)
    {
        var settings = ServiceFactory.Settings("reporting", _database, _rabbit);
        settings["services:metrics:grpc:0"] = _metrics.Address;
        settings["Reporting:Scheduler:Enabled"] = "false";
        return ServiceFactory.Create<Program>(settings, services => services.AddSingleton<TimeProvider>(clock));
    }

    private static ReportScheduler Scheduler(WebApplicationFactory<Program> factory) => factory.Services.GetRequiredService<ReportScheduler>();

    private static ReportingClient Client(WebApplicationFactory<Program> factory) => new(factory.Channel());

    private Metadata Auth(string tenant) => new() { { "authorization", $"Bearer {infra.TokenFor(tenant)}" } };

    private static string Tenant(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, null, System.Globalization.DateTimeStyles.AssumeUniversal);
}
