using System.Globalization;
using System.IO.Compression;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Scheduling;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;
using static Suite.Reporting.Tests.ReportingTestHost;

namespace Suite.Reporting.Tests;

/// <summary>
/// at_risk_digest and executive_overview run as subscriptions through the real reporting service (PostgreSQL,
/// RabbitMQ, SMTP sink), reading the fake predictions and metrics services; the numbers are checked in the stored
/// PDF (as text), CSV (ZIP of one CSV per table) and XLSX.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class RiskReportsServiceTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private ReportingTestHost _env = null!;

    public async Task InitializeAsync() => _env = await ReportingTestHost.StartAsync(infra, predictions: true);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_monday_at_risk_digest_lists_high_and_critical_accounts_with_the_new_ones_in_every_format()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-04T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var tenant = Tenant("digest");
        var (run, reports) = await RunAsync(factory, clock, tenant, "at_risk_digest", "0 8 * * 1", "Europe/Berlin", Utc("2026-03-09T07:00:00Z"));
        Assert.Equal(Utc("2026-03-02T07:00:00Z"), run.PeriodFrom.ToDateTimeOffset());   // the week before: Monday 08:00 CET

        var (asked, request) = Assert.Single(_env.Predictions.AtRiskRequests, r => r.Tenant == tenant);
        Assert.Equal(("high", 1000), (request.MinLevel, request.Limit));

        var mailed = Assert.Single(await mail.EmailsToAsync($"{tenant}@example.com"));
        Assert.Contains("Critical: 2 (1 new this week)", mailed.Text);
        Assert.Contains("High: 2 (1 new this week)", mailed.Text);

        var text = string.Join("\n", PdfText.Pages(reports[ReportFormat.Pdf]));
        Assert.Contains("Weekly at-risk digest", text);
        Assert.Contains("4 accounts are at high or critical churn risk; 2 reached their level this week.", text);
        var order = new[] { "acct-churning", "acct-silent", "acct-ticketed", "acct-slow" }.Select(a => text.IndexOf(a, StringComparison.Ordinal)).ToList();
        Assert.True(order.All(i => i >= 0) && order.SequenceEqual(order.Order()), $"riskiest first: {string.Join(", ", order)}");
        Assert.DoesNotContain("acct-fine", text);   // medium risk
        Assert.Contains("acct-churning 93.0 % critical 2026-03-05 yes inactivity, open tickets win-back email, personal call", text);
        Assert.Contains("acct-slow 52.0 % high 2026-02-11 no low adoption onboarding", text);
        Assert.DoesNotContain("…", text);

        var csv = CsvParts(reports[ReportFormat.Csv]);
        var accounts = csv.Single(p => p.Key.Contains("accounts-at-risk", StringComparison.Ordinal)).Value;
        Assert.Equal(["Account", "Probability", "Level", "Since", "New", "Top features", "Recommended action"], accounts[0]);
        Assert.Equal(["acct-churning", "0.93", "critical", "2026-03-05", "yes", "inactivity, open tickets", "win-back email, personal call"], accounts[1]);
        Assert.Equal(["acct-ticketed", "0.67", "high", "2026-03-08", "yes", "open tickets", "escalate tickets"], accounts[3]);
        Assert.Equal(5, accounts.Count);
        var levels = csv.Single(p => p.Key.Contains("accounts-by-level", StringComparison.Ordinal)).Value;
        Assert.Equal([["Level", "Accounts", "New this week", "Earlier"], ["critical", "2", "1", "1"], ["high", "2", "1", "1"]], levels);

        using var xlsx = new MemoryStream(reports[ReportFormat.Xlsx]);
        var summary = xlsx.Query(useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["Item"]!);
        Assert.Equal((2.0, 2.0, 2.0), (Convert.ToDouble(summary["Critical"]["Value"]), Convert.ToDouble(summary["High"]["Value"]), Convert.ToDouble(summary["New this week"]["Value"])));
        var sheet = xlsx.GetSheetNames().Single(n => n.StartsWith("Accounts at risk", StringComparison.Ordinal));
        var rows = xlsx.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["acct-churning", "acct-silent", "acct-ticketed", "acct-slow"], rows.Select(r => (string)r["Account"]!));
        Assert.Equal(0.84, Convert.ToDouble(rows[1]["Probability"]), 12);
    }

    [Fact]
    public async Task A_monthly_executive_overview_compares_revenue_forecasts_mrr_and_lists_the_top_at_risk()
    {
        var clock = new FakeTimeProvider(Utc("2026-02-20T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var tenant = Tenant("exec");
        var (_, reports) = await RunAsync(factory, clock, tenant, "executive_overview", "0 7 1 * *", "UTC", Utc("2026-03-01T07:00:00Z"));

        // The month-end MRR of 2025-03 … 2026-02 in EUR, forecast 3 months ahead with a 95 % interval, no seasonality.
        var (_, forecast) = Assert.Single(_env.Predictions.Forecasts, f => f.Tenant == tenant);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => 7_000.0 + 500 * i), forecast.Values);
        Assert.Equal((3, -1, 0.95), (forecast.Horizon, forecast.SeasonPeriod, forecast.Confidence));
        Assert.Equal(("high", 10), (_env.Predictions.AtRiskRequests.Single(r => r.Tenant == tenant).Request.MinLevel, _env.Predictions.AtRiskRequests.Single(r => r.Tenant == tenant).Request.Limit));

        var mailed = Assert.Single(await mail.EmailsToAsync($"{tenant}@example.com"));
        Assert.Contains("MRR: EUR 12,500.00 (+4.2 % vs 2026-01)", mailed.Text);

        var text = string.Join("\n", PdfText.Pages(reports[ReportFormat.Pdf]));
        Assert.Contains("Executive overview", text);
        Assert.Contains("2026-02 (UTC) vs 2026-01", text);
        foreach (var expected in new[]
        {
            "EUR 150,000.00", "95.83 %", "+0.38 pp vs 2026-01", "4.00 %", "−1.00 pp vs 2026-01", "EUR 250.00", "EUR 6,250.00", "+30.2 % vs 2026-01",
            "Net revenue retention 95.83 % 95.45 % +0.38 pp",
            "Churned EUR -800.00 EUR -700.00", "Expansion EUR 500.00 EUR 300.00", "Ending MRR EUR 12,500.00 EUR 12,000.00",
            "2026-05 EUR 14,000.00 EUR 13,200.00 EUR 14,800.00",
            "acct-churning 93.0 % critical inactivity, open tickets win-back email, personal call",
        })
        {
            Assert.Contains(expected, text);
        }
        Assert.DoesNotContain("acct-fine", text);
        Assert.DoesNotContain("…", text);

        var csv = CsvParts(reports[ReportFormat.Csv]);
        var movements = csv.Single(p => p.Key.Contains("mrr-movements", StringComparison.Ordinal)).Value;
        Assert.Equal(["Movement", "2026-02", "2026-01"], movements[0]);
        Assert.Equal([("New", 1_000m, 1_500m), ("Contraction", -200m, -100m), ("Churned", -800m, -700m), ("Ending MRR", 12_500m, 12_000m)],
            movements.Where(r => r[0] is "New" or "Contraction" or "Churned" or "Ending MRR").Select(r => (r[0], Dec(r[1]), Dec(r[2]))));
        var ahead = csv.Single(p => p.Key.Contains("mrr-forecast", StringComparison.Ordinal)).Value;
        Assert.Equal([("2026-03", 13_000m, 12_400m, 13_600m), ("2026-04", 13_500m, 12_800m, 14_200m), ("2026-05", 14_000m, 13_200m, 14_800m)],
            ahead.Skip(1).Select(r => (r[0], Dec(r[1]), Dec(r[2]), Dec(r[3]))));
        var figures = csv.Single(p => p.Key.Contains("key-figures", StringComparison.Ordinal)).Value.ToDictionary(r => r[0]);
        Assert.Equal(0.04, double.Parse(figures["Logo churn rate"][1], CultureInfo.InvariantCulture), 12);
        Assert.Equal(-0.01, double.Parse(figures["Logo churn rate"][3], CultureInfo.InvariantCulture), 12);

        using var xlsx = new MemoryStream(reports[ReportFormat.Xlsx]);
        var summary = xlsx.Query(useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["Item"]!);
        Assert.Equal(12_500, Convert.ToDouble(summary["MRR"]["Value"]), 9);
        Assert.Equal(1_150_000 / 1_200_000.0, Convert.ToDouble(summary["NRR"]["Value"]), 12);
        Assert.Equal(6_250, Convert.ToDouble(summary["LTV"]["Value"]), 9);
        var chart = xlsx.GetSheetNames().Single(n => n.StartsWith("Chart MRR forecast", StringComparison.Ordinal));
        var points = xlsx.Query(useHeaderRow: true, sheetName: chart).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(15, points.Count);
        Assert.Equal(("2026-05", 13_200.0), ((string)points[14]["Category"]!, Convert.ToDouble(points[14]["Lower 95 %"])));
        Assert.Equal(7_000, Convert.ToDouble(points[0]["MRR"]), 9);
    }

    /// <summary>Creates the subscription, moves the clock just past its first run, runs it; returns the run and its reports by format.</summary>
    private async Task<(ReportRun Run, Dictionary<ReportFormat, byte[]> Reports)> RunAsync(WebApplicationFactory<Program> factory, FakeTimeProvider clock,
        string tenant, string type, string cron, string zone, DateTimeOffset firstRun)
    {
        var client = new ReportingClient(factory.Channel());
        var created = await client.CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Subscription
            {
                Name = type, ReportType = type, Cron = cron, TimeZone = zone, Enabled = true,
                Formats = { ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Xlsx }, Emails = { $"{tenant}@example.com" },
            },
        }, _env.Auth(tenant));
        Assert.Equal(firstRun, created.NextRunAt.ToDateTimeOffset());

        clock.SetUtcNow(firstRun.AddSeconds(10));
        var scheduler = factory.Services.GetRequiredService<ReportScheduler>();
        Assert.Equal(1, await scheduler.PlanOnceAsync(CancellationToken.None));
        Assert.True(await scheduler.ExecuteNextAsync(CancellationToken.None));
        var run = Assert.Single((await client.ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs);
        Assert.Equal(("succeeded", "", type), (run.Status, run.Error, run.ReportType));
        Assert.Equal(3, run.ReportIds.Count);

        var reports = new Dictionary<ReportFormat, byte[]>();
        foreach (var (format, id) in new[] { ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Xlsx }.Zip(run.ReportIds))
        {
            reports[format] = await Download(client, tenant, id);
        }
        return (run, reports);
    }

    /// <summary>A CSV report of several tables is a ZIP with one CSV per table: entry name → rows.</summary>
    private static Dictionary<string, List<string[]>> CsvParts(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.Name, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return Csv.Parse(reader.ReadToEnd());
        });
    }

    private static decimal Dec(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private async Task<byte[]> Download(ReportingClient client, string tenant, string reportId)
    {
        using var call = client.GetReport(new GetReportRequest { ReportId = reportId }, _env.Auth(tenant));
        using var bytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Data.WriteTo(bytes);
        }
        return bytes.ToArray();
    }

    private WebApplicationFactory<Program> NewFactory(FakeTimeProvider clock) =>
        _env.NewFactory(clock, new Dictionary<string, string?> { ["ConnectionStrings:smtp"] = mail.SmtpConnectionString });
}
