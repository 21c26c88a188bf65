using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Scheduling;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;
using static Suite.Reporting.Tests.ReportingTestHost;

namespace Suite.Reporting.Tests.Scheduling;

/// <summary>
/// The cohort_retention and quarterly_roi report types end to end: a subscription created through the API, its run
/// triggered by the scheduler on a fake clock against real PostgreSQL, the fake metrics service's fixed numbers read
/// back from the stored PDF, CSV and XLSX.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class CohortAndRoiSubscriptionTests(InfraFixture infra) : IAsyncLifetime
{
    private ReportingTestHost _env = null!;

    public async Task InitializeAsync() => _env = await ReportingTestHost.StartAsync(infra, slack: true);

    public async Task DisposeAsync() => await _env.DisposeAsync();

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
            SlackWebhooks = { _env.Slack.HookUrl(tenant) },
            Enabled = true,
        }, Utc("2026-04-01T04:00:10Z"));

        // Metrics was asked for the four whole months before the run's local date, one offset per period.
        var (_, request) = Assert.Single(_env.Metrics.CohortRequests, r => r.Tenant == tenant);
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

        var rows = Csv.Parse(Encoding.UTF8.GetString(reports[1])[1..]);
        Assert.Equal(["Cohort", "Size", "M0", "M1", "M2", "M3"], rows[0]);
        Assert.Equal(["2025-12-01", "200", "1", "0.45", "0.3", "0.2"], rows[1]);
        Assert.Equal(["2026-03-01", "10", "1", "", "", ""], rows[4]);

        using var xlsx = new MemoryStream(reports[2]);
        var summary = xlsx.Query(useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["Item"]!);
        Assert.Equal(160.0 / 350, (double)summary["Month 1 retention"]["Value"]!, 12);
        Assert.Equal(360.0, (double)summary["Users"]["Value"]!, 12);
    }

    /// <summary>
    /// Q1 2026 in Berlin, from the fake's quotes: portal 110 + 120 + 130 = 360, staff 3 × 50; Q4 2025 (one range) portal 200, staff 50.
    /// Q1: labour 360 × 12 × 60 / 60 = 4,320; accuracy 360 × (0.04 − 0.01) × 200 = 2,160; savings 6,480; net 6,480 − 2,000 = 4,480; ROI 224.0 %.
    /// Q4: labour 2,400, accuracy 1,200, savings 3,600, net 1,600, ROI 80.0 %. January: 1,320 + 660 = 1,980 against 666.67.
    /// </summary>
    [Fact]
    public async Task A_quarterly_roi_run_reports_the_previous_local_quarter_with_the_tenants_assumptions_in_pdf_csv_and_xlsx()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-31T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var tenant = Tenant("roi");
        var reports = await RunAsync(factory, clock, tenant, new Subscription
        {
            Name = "Quarterly ROI",
            ReportType = "quarterly_roi",
            Parameters =
            {
                ["minutes_saved_per_quote"] = "12", ["hourly_cost"] = "60", ["staff_error_rate"] = "0.04", ["portal_error_rate"] = "0.01",
                ["cost_per_error"] = "200", ["quarterly_cost"] = "2000", ["currency"] = "EUR",
            },
            Cron = "0 7 1 1,4,7,10 *",
            TimeZone = "Europe/Berlin",
            Formats = { ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Xlsx },
            SlackWebhooks = { _env.Slack.HookUrl(tenant) },
            Enabled = true,
        }, Utc("2026-04-01T05:00:10Z"));   // 07:00 CEST

        // Quotes per channel for each local month of Q1, then for Q4 as one range; local midnights as instants.
        var queries = _env.Metrics.BatchQueries.Where(q => q.Tenant == tenant).Select(q => q.Request).ToList();
        Assert.Equal(8, queries.Count);
        Assert.All(queries, q => Assert.Equal(("quote_requests", Granularity.Hour), (q.Kpi, q.Granularity)));
        Assert.Equal(["portal", "staff", "portal", "staff", "portal", "staff", "portal", "staff"], queries.Select(q => q.Filters["service_code"]));
        Assert.Equal((Utc("2025-12-31T23:00:00Z"), Utc("2026-01-31T23:00:00Z")), (queries[0].From.ToDateTimeOffset(), queries[0].To.ToDateTimeOffset()));
        Assert.Equal((Utc("2026-02-28T23:00:00Z"), Utc("2026-03-31T22:00:00Z")), (queries[4].From.ToDateTimeOffset(), queries[4].To.ToDateTimeOffset()));
        Assert.Equal((Utc("2025-09-30T22:00:00Z"), Utc("2025-12-31T23:00:00Z")), (queries[6].From.ToDateTimeOffset(), queries[6].To.ToDateTimeOffset()));

        var slack = SlackText(tenant);
        Assert.Contains("Net benefit: 4,480.00 EUR (+2,880.00 EUR vs 2025 Q4)", slack);
        Assert.Contains("ROI: 224.0 % (+144.0 pp vs 2025 Q4)", slack);

        var pdf = string.Join("\n", PdfText.Pages(reports[0]));
        Assert.Contains("Quarterly ROI", pdf);
        Assert.Contains("2026 Q1 (2026-01-01 – 2026-03-31, Europe/Berlin)", pdf);
        Assert.Contains("Net benefit: ROI: Savings: 4,480.00 EUR 224.0 % 6,480.00 EUR", pdf);   // tiles: labels, then numbers
        Assert.Contains("Labour savings 2,400.00 EUR 4,320.00 EUR +1,920.00 EUR", pdf);
        Assert.Contains("Net benefit 1,600.00 EUR 4,480.00 EUR +2,880.00 EUR ROI 80.0 % 224.0 % +144.0 pp", pdf);
        Assert.Contains("Jan 2026 110 50 1,320.00 660.00 1,980.00 666.67 1,313.33", pdf);
        Assert.Contains("Assumptions Parameter Value Meaning Source minutes_saved_per_quote 12", pdf);
        Assert.Contains("quarterly_cost 2000 platform, licence and running costs a quarter set", pdf);
        Assert.DoesNotContain("…", pdf);   // nothing cut

        var csv = CsvParts(reports[1]);
        Assert.Equal(["quarterly-roi-2026-q1-2026-q1-vs-2025-q4.csv", "quarterly-roi-2026-q1-by-month.csv", "quarterly-roi-2026-q1-assumptions.csv"], csv.Keys);
        var comparison = csv["quarterly-roi-2026-q1-2026-q1-vs-2025-q4.csv"].ToDictionary(r => r[0]);
        Assert.Equal(["Net benefit", "1600.00", "4480.00", "2880.00"], comparison["Net benefit"]);
        Assert.Equal(["ROI", "0.8", "2.24", "1.44"], comparison["ROI"].Select(v => v.Length > 6 ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) : v));
        Assert.Equal(["2026-01-01", "110", "50", "1320.00", "660.00", "1980.00", "666.67", "1313.33"], csv["quarterly-roi-2026-q1-by-month.csv"][1]);
        var assumptions = csv["quarterly-roi-2026-q1-assumptions.csv"];
        Assert.Equal(["Parameter", "Value", "Meaning", "Source"], assumptions[0]);
        Assert.Equal(["hourly_cost", "60", "staff cost per hour", "set"], assumptions[2]);
        Assert.Equal(["currency", "EUR", "ISO 4217 code of the amounts", "set"], assumptions[7]);

        using var xlsx = new MemoryStream(reports[2]);
        Assert.Contains("Assumptions", xlsx.GetSheetNames());
        var summary = xlsx.Query(useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["Item"]!);
        Assert.Equal(4480.0, (double)summary["Net benefit"]["Value"]!, 9);
        Assert.Equal(2.24, (double)summary["ROI"]["Value"]!, 9);
        Assert.Equal(360.0, (double)summary["Portal quotes"]["Value"]!, 9);
    }

    [Fact]
    public async Task Bad_roi_parameters_are_invalid_argument_with_a_field_violation_each()
    {
        await using var factory = NewFactory(new FakeTimeProvider(Utc("2026-03-31T12:00:00Z")));
        var subscription = new Subscription
        {
            Name = "Quarterly ROI",
            ReportType = "quarterly_roi",
            Parameters = { ["minutes_saved_per_quote"] = "ten", ["hourly_cost"] = "-40", ["portal_error_rate"] = "1.5", ["currency"] = "euro", ["from"] = "2026-01-01" },
            Cron = "0 7 1 1,4,7,10 *",
            TimeZone = "Europe/Berlin",
            SlackWebhooks = { _env.Slack.HookUrl("bad") },
            Enabled = true,
        };
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = subscription }, _env.Auth(Tenant("badroi"))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["subscription.parameters[minutes_saved_per_quote]", "subscription.parameters[hourly_cost]", "subscription.parameters[portal_error_rate]",
             "subscription.parameters[currency]", "subscription.parameters[to]"],
            error.FieldViolations().Select(v => v.Field));
        Assert.Contains("between 0 and 1", error.FieldViolations().Single(v => v.Field.EndsWith("[portal_error_rate]", StringComparison.Ordinal)).Description);
    }

    /// <summary>A CSV report of several tables is a ZIP of one CSV each: name → rows.</summary>
    private static Dictionary<string, List<string[]>> CsvParts(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.Name, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return Csv.Parse(reader.ReadToEnd());
        });
    }

    /// <summary>The headline lines of the run's Slack message.</summary>
    private string SlackText(string tenant) => Assert.Single(_env.Slack.Delivered(tenant)).Json["text"]!.GetValue<string>();

    /// <summary>Creates the subscription, fires its run at <paramref name="at"/> and returns the stored reports' bytes, in format order.</summary>
    private async Task<List<byte[]>> RunAsync(WebApplicationFactory<Program> factory, FakeTimeProvider clock, string tenant, Subscription subscription, DateTimeOffset at)
    {
        var created = await Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = subscription }, _env.Auth(tenant));
        clock.SetUtcNow(at);
        Assert.Equal(1, await Scheduler(factory).PlanOnceAsync(CancellationToken.None));
        Assert.True(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));
        var run = Assert.Single((await Client(factory).ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs, r => r.SubscriptionId == created.Id);
        Assert.Equal(("succeeded", ""), (run.Status, run.Error));
        Assert.Equal(subscription.Formats.Count, run.ReportIds.Count);
        var reports = new List<byte[]>();
        foreach (var id in run.ReportIds)
        {
            reports.Add(await _env.DownloadAsync(factory, tenant, id));
        }
        return reports;
    }

    private WebApplicationFactory<Program> NewFactory(FakeTimeProvider clock) => _env.NewFactory(clock);
}
