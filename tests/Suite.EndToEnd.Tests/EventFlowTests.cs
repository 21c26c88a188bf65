using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Predictions.V1;
using Suite.Contracts.Reporting.V1;
using UglyToad.PdfPig;
using Suite.Testing;
using Xunit;

namespace Suite.EndToEnd.Tests;

/// <summary>One thread through all five services: events → KPI → alert (Slack + email) → report → Prometheus.</summary>
[Collection(SuiteCollection.Name)]
public sealed class EventFlowTests(SuiteFixture fx)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Events_become_a_kpi_an_alert_on_slack_and_email_a_report_and_prometheus_series()
    {
        const string tenant = "e2e-flow";
        var token = fx.Suite.TokenFor(tenant);
        var headers = SuiteFixture.Bearer(token);
        var now = DateTimeOffset.UtcNow;

        // An alert rule first: login success rate below 90 % over the last 10 minutes.
        var alerting = new Alerting.AlertingClient(fx.Channel("alerting"));
        var rule = new Rule
        {
            Name = "E2E login success below 90 %",
            Kpi = "login_success_rate",
            Comparison = Comparison.Below,
            Threshold = 0.9,
            WindowSeconds = 600,
            Severity = Severity.Critical,
            SlackWebhookUrl = fx.Slack.HookUrl("e2e-ops"),
            MinSamples = 10,
        };
        rule.EmailTo.Add("sre@e2e.example");
        var created = await alerting.CreateRuleAsync(rule, headers);
        Assert.False(string.IsNullOrEmpty(created.Id));

        // 15 successful and 5 failed logins: success rate 0.75.
        var ingestion = new Ingestion.IngestionClient(fx.Channel("ingestion"));
        var batch = new EventBatch { BatchId = "e2e-1" };
        for (var i = 0; i < 20; i++)
        {
            batch.Events.Add(new Event
            {
                EventId = Guid.NewGuid().ToString(),
                Domain = "auth",
                Type = i < 15 ? "LOGIN" : "LOGIN_FAILED",
                OccurredAt = Timestamp.FromDateTimeOffset(now.AddSeconds(-30 + i)),
                UserId = $"user-{i % 7}",
                CountryCode = "de",
            });
        }
        var ack = await ingestion.TrackBatchAsync(batch, headers);
        Assert.Equal(20, ack.Accepted);
        Assert.Equal(0, ack.Rejected);

        // The KPI changes in metrics.
        var metrics = new Metrics.MetricsClient(fx.Channel("metrics"));
        var seriesRequest = new GetKpiSeriesRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
            To = Timestamp.FromDateTimeOffset(now.AddHours(1)),
            Granularity = Granularity.Minute,
        };
        var series = await Eventually.Get(
            async () => await metrics.GetKpiSeriesAsync(seriesRequest, headers),
            s => s.Total.Denominator == 20,
            Patience, "login_success_rate over the ingested events");
        Assert.Equal(15, series.Total.Numerator);
        Assert.Equal(0.75, series.Total.Value, 6);

        // Slack: a POST at the rule's webhook naming the rule.
        var slackPost = await Eventually.Get(
            () => Task.FromResult(fx.Slack.Delivered("e2e-ops")),
            posts => posts.Count >= 1,
            Patience, "Slack POST for the alert");
        Assert.Contains("E2E login success below 90", slackPost[0].Body);
        using (var json = JsonDocument.Parse(slackPost[0].Body))
        {
            Assert.True(json.RootElement.TryGetProperty("blocks", out _), "Slack message uses Block Kit blocks");
        }

        // Email: in the SMTP sink, addressed to the rule's recipient.
        using var http = new HttpClient();
        var mail = await Eventually.Get(
            () => MailSink.EmailsToAsync(http, fx.Suite.MailDevApiUrl, "sre@e2e.example"),
            mails => mails.Count > 0,
            Patience, "alert email in maildev");
        var subject = mail[0].Subject;
        Assert.Contains("E2E login success below 90", subject);

        // The alert is listed as firing with the KPI value.
        var alerts = await alerting.ListAlertsAsync(new ListAlertsRequest(), headers);
        var alert = Assert.Single(alerts.Alerts, a => a.RuleId == created.Id);
        Assert.Equal("firing", alert.State);
        Assert.Equal(0.75, alert.Value, 6);

        // Exactly one Slack message and one email for one firing alert, even after more evaluation cycles.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(fx.Slack.Delivered("e2e-ops"));
        Assert.Single(await MailSink.EmailsToAsync(http, fx.Suite.MailDevApiUrl, "sre@e2e.example"));

        // The report PDF carries the KPI value, as text a reader can extract.
        var reporting = new Reporting.ReportingClient(fx.Channel("reporting"));
        var report = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "login_success_rate",
            From = seriesRequest.From,
            To = seriesRequest.To,
            Granularity = Granularity.Minute,
            Title = "E2E login report",
        }, headers);
        Assert.Equal("application/pdf", report.ContentType);
        Assert.Equal(0.75, report.TotalValue, 6);
        using (var pdf = PdfDocument.Open(report.Content.ToByteArray()))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("E2E login report", text);
            Assert.Contains("75.00", text);
        }

        // Prometheus scraped the services: the accepted events are a series there.
        var accepted = await Eventually.Get(
            () => PromQuery(http, "sum(suite_ingestion_events_total{result=\"accepted\"})"),
            v => v >= 20,
            Patience, "suite_ingestion_events_total in Prometheus");
        Assert.True(accepted >= 20);
        var consumed = await Eventually.Get(
            () => PromQuery(http, "sum(suite_metrics_events_consumed_total)"),
            v => v >= 20,
            Patience, "suite_metrics_events_consumed_total in Prometheus");
        Assert.True(consumed >= 20);
    }

    [Fact]
    public async Task Predictions_scores_churn_with_the_model_trained_at_start()
    {
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor("e2e-churn"));
        var predictions = new Predictions.PredictionsClient(fx.Channel("predictions"));
        var model = await predictions.GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }, headers);
        Assert.False(string.IsNullOrEmpty(model.Version));
        Assert.InRange(model.Auc, 0.7, 1.0);

        var risky = await predictions.ScoreChurnAsync(new ScoreChurnRequest
        {
            AccountId = "acc-risky",
            Features = new ChurnFeatures { DaysSinceLastLogin = 60, Logins30D = 0, Sessions7D = 0, OpenTickets = 6, EmailEngagement = 0, TenureDays = 20, FeatureAdoption = 0.05 },
        }, headers);
        var healthy = await predictions.ScoreChurnAsync(new ScoreChurnRequest
        {
            AccountId = "acc-healthy",
            Features = new ChurnFeatures { DaysSinceLastLogin = 0, Logins30D = 40, Sessions7D = 15, OpenTickets = 0, EmailEngagement = 0.8, TenureDays = 900, FeatureAdoption = 0.9 },
        }, headers);
        Assert.True(risky.Probability > healthy.Probability, $"risky {risky.Probability} vs healthy {healthy.Probability}");
        Assert.True(risky.RiskLevel >= RiskLevel.High, $"risky account scored {risky.RiskLevel}");
        Assert.Equal(RiskLevel.Low, healthy.RiskLevel);
        Assert.Equal(model.Version, risky.ModelVersion);
    }

    private async Task<double> PromQuery(HttpClient http, string query)
    {
        var url = new Uri(fx.Suite.PrometheusUrl, "api/v1/query?query=" + Uri.EscapeDataString(query));
        var body = await http.GetFromJsonAsync<JsonElement>(url);
        var result = body.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? double.NaN
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
