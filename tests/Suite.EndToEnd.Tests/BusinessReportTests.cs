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
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
