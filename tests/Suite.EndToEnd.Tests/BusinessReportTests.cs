using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Testing;
using UglyToad.PdfPig;
using Xunit;
using Xunit.Abstractions;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// The business reports from real data: known events go through ingestion into metrics (real PostgreSQL and
/// RabbitMQ), then reporting builds the daily metrics report and the weekly review on demand from what metrics
/// stored, and the numbers are read back from the PDF text.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class BusinessReportTests(SuiteFixture fx, ITestOutputHelper output)
{
    private const string Tenant = "e2e-business";

    [Fact]
    public async Task Daily_metrics_and_weekly_review_carry_the_numbers_of_the_ingested_events()
    {
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor(Tenant));
        // Two whole UTC days back: both days complete, well inside the retention window.
        var day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2);
        var previous = day.AddDays(-1);

        var events = new List<Event>();
        void Add(DateTimeOffset date, int count, string domain, string type, string? channel = null)
        {
            for (var i = 0; i < count; i++)
            {
                events.Add(new Event
                {
                    EventId = Guid.NewGuid().ToString(),
                    Domain = domain,
                    Type = type,
                    OccurredAt = Timestamp.FromDateTimeOffset(date.AddHours(9).AddMinutes(events.Count)),
                    UserId = $"user-{events.Count % 6}",
                    AccountId = "acct-1",
                    ServiceCode = channel ?? "",
                });
            }
        }
        Add(day, 18, "auth", "LOGIN");
        Add(day, 2, "auth", "LOGIN_FAILED");
        Add(day, 1, "auth", "ACCOUNT_LOCKED");
        Add(day, 1, "auth", "SUSPICIOUS_ACTIVITY");
        Add(day, 3, "quotes", "QUOTE_REQUESTED", "portal");
        Add(day, 1, "quotes", "QUOTE_REQUESTED", "staff");
        Add(day, 2, "quotes", "QUOTE_APPROVED");
        Add(day, 5, "orders", "ORDER_VIEWED");
        Add(day, 1, "orders", "ORDER_PLACED", "portal");
        Add(day, 1, "orders", "ORDER_PLACED", "staff");
        Add(day, 1, "artwork", "ARTWORK_UPLOADED");
        Add(day, 1, "proofs", "PROOF_APPROVED");
        Add(previous, 10, "auth", "LOGIN");
        var batch = new EventBatch { BatchId = "e2e-business-1" };
        batch.Events.AddRange(events);
        var ingestion = new Ingestion.IngestionClient(fx.Channel("ingestion"));
        var ack = await ingestion.TrackBatchAsync(batch, headers);
        Assert.Equal((events.Count, 0), (ack.Accepted, ack.Rejected));

        // Metrics has all of them once events_count over both days counts them.
        var metrics = new Metrics.MetricsClient(fx.Channel("metrics"));
        await Eventually.Get(
            async () => await metrics.GetKpiSeriesAsync(new GetKpiSeriesRequest
            {
                Kpi = "events_count",
                From = Timestamp.FromDateTimeOffset(previous),
                To = Timestamp.FromDateTimeOffset(day.AddDays(1)),
                Granularity = Granularity.Day,
            }, headers),
            s => s.Total.Value >= events.Count,
            TimeSpan.FromSeconds(90), "the events counted by metrics");

        var reporting = new Reporting.ReportingClient(fx.Channel("reporting"));
        var daily = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "daily_metrics",
            From = Timestamp.FromDateTimeOffset(day),
            To = Timestamp.FromDateTimeOffset(day.AddDays(1)),
        }, headers);
        var text = PdfText(daily.Content.ToByteArray());
        output.WriteLine(text);
        Assert.Contains("Logins 18 10 +80.0 %", text);
        Assert.Contains("Failed logins 2 0 n/a", text);
        Assert.Contains("Quotes requested 4 0 n/a", text);
        Assert.Contains("Quotes approved 2 0 n/a", text);
        Assert.Contains("Order views 5 0 n/a", text);
        Assert.Contains("Active users 6", text);
        // 2 failed of 20 login attempts: exactly 10 %, not above the limit; lockouts and suspicious: 1 of 21 attempts.
        Assert.Contains("Login failure rate 10.00 % 10.00 % ok", text);
        Assert.Contains("Lockout rate 4.76 % 2.00 % ALERT", text);
        Assert.Contains("Suspicious activity rate 4.76 % 1.00 % ALERT", text);

        var weekly = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "weekly_review",
            To = Timestamp.FromDateTimeOffset(day.AddDays(1)),
        }, headers);
        text = PdfText(weekly.Content.ToByteArray());
        output.WriteLine(text);
        // The last week (the seven days to the end of the ingested day): 3 portal and 1 staff quote, 75 % through the
        // portal; 1 order of 3 portal quotes, 1 of 1 staff quote, so the portal's lift is 33.3 % / 100 % − 1; 6 weekly
        // users, all of the month's.
        var weekOf = DateOnly.FromDateTime(day.AddDays(-6).UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{weekOf} 3 1 75.0 % 33.3 % 100.0 % −66.7 % 6 100.0 %", text);

        // The scorecard for the ingested day: acct-1 logged in on 2 of the 30 days (engagement 40 × 2 / 20 = 4), opened
        // no ticket (support 30) and placed 2 orders (value 30 × 2 / 5 = 12): 46.0, at risk; 6 users, low engagement.
        var scorecard = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "health_scorecard",
            To = Timestamp.FromDateTimeOffset(day.AddDays(1).AddHours(6)),
        }, headers);
        text = PdfText(scorecard.Content.ToByteArray());
        output.WriteLine(text);
        Assert.Contains("acct-1 46.0 at risk low engagement 6 2 0 2 Check-in and training session", text);

        // ROI over the ingested day (a given range, no costs): 3 portal quotes × 15 min / 60 × 40 = 30 labour, plus
        // 3 × (0.05 − 0.01) × 100 = 12 accuracy savings.
        var dayText = DateOnly.FromDateTime(day.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var nextText = DateOnly.FromDateTime(day.AddDays(1).UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var roi = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "quarterly_roi",
            Parameters = { ["from"] = dayText, ["to"] = nextText, ["quarterly_cost"] = "0" },
        }, headers);
        text = PdfText(roi.Content.ToByteArray());
        output.WriteLine(text);
        Assert.Equal(42, roi.TotalValue, 6);   // net benefit
    }

    [Fact]
    public async Task The_alert_summary_counts_an_alert_that_alerting_fired()
    {
        const string tenant = "e2e-alert-summary";
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor(tenant));
        var started = DateTimeOffset.UtcNow;
        var alerting = new Contracts.Alerting.V1.Alerting.AlertingClient(fx.Channel("alerting"));
        await alerting.CreateRuleAsync(new Contracts.Alerting.V1.Rule
        {
            Name = "E2E summary: logins failing",
            Kpi = "login_success_rate",
            Comparison = Contracts.Alerting.V1.Comparison.Below,
            Threshold = 0.9,
            WindowSeconds = 600,
            Severity = Contracts.Alerting.V1.Severity.Critical,
            MinSamples = 5,
            SlackWebhookUrl = fx.Slack.HookUrl(tenant),
        }, headers);

        var batch = new EventBatch { BatchId = "e2e-alert-summary-1" };
        for (var i = 0; i < 6; i++)
        {
            batch.Events.Add(new Event
            {
                EventId = Guid.NewGuid().ToString(),
                Domain = "auth",
                Type = "LOGIN_FAILED",
                OccurredAt = Timestamp.FromDateTimeOffset(started.AddSeconds(-10 + i)),
                UserId = $"user-{i}",
            });
        }
        await new Ingestion.IngestionClient(fx.Channel("ingestion")).TrackBatchAsync(batch, headers);

        // Alerting fires, publishes AlertFired; reporting's consumer stores it; the summary counts it.
        var reporting = new Reporting.ReportingClient(fx.Channel("reporting"));
        var report = await Eventually.Get(
            async () => await reporting.GenerateReportAsync(new GenerateReportRequest
            {
                ReportType = "alert_summary",
                From = Timestamp.FromDateTimeOffset(started.AddHours(-1)),
                To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)),
            }, headers),
            r => r.TotalValue >= 1,
            TimeSpan.FromSeconds(90), "the fired alert in the alert summary");
        var text = PdfText(report.Content.ToByteArray());
        output.WriteLine(text);
        Assert.Equal(1, report.TotalValue);   // alerts fired
        Assert.Contains("E2E summary: logins failing", text);
        Assert.Contains("login_success_rate", text);
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
