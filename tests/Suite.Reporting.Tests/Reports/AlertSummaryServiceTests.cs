using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Suite.Contracts.Events;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Data;
using Suite.Reporting.Scheduling;
using Suite.Reporting.Tests.Rendering;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;
using static Suite.Reporting.Tests.ReportingTestHost;

namespace Suite.Reporting.Tests.Reports;

/// <summary>
/// The alert summary end to end on real PostgreSQL, RabbitMQ and the SMTP sink: alerting's AlertFired / AlertResolved
/// published on the broker (a duplicate delivery, a resolve before its fire, a resolve with no fire, another tenant's
/// alert and another tenant naming this tenant's alert id), stored by the consumers, then an alert_summary
/// subscription run by the scheduler and its PDF, CSV and XLSX read back.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AlertSummaryServiceTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private ReportingTestHost _env = null!;

    public async Task InitializeAsync() => _env = await ReportingTestHost.StartAsync(infra);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Alert_events_from_the_broker_are_stored_once_per_alert_and_summarised_per_tenant_in_every_format()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-02T12:00:00Z"));
        await using var factory = NewFactory(clock);
        await ServiceFactory.WaitForBusAsync(factory.Services);
        var consumed = new ConsumeCounter();
        factory.Services.GetRequiredService<IBusControl>().ConnectConsumeObserver(consumed);
        var bus = factory.Services.GetRequiredService<IBus>();

        var tenant = Tenant("alerts");
        var other = Tenant("other");
        Guid errors = Guid.NewGuid(), latency = Guid.NewGuid(), logins = Guid.NewGuid();
        Guid f1 = Guid.CreateVersion7(), f2 = Guid.CreateVersion7(), f3 = Guid.CreateVersion7(), f4 = Guid.CreateVersion7(), foreign = Guid.CreateVersion7();
        // The report's period is 03-02 06:00 – 03-03 06:00 UTC.
        var messages = new List<(object Message, Guid Id)>
        {
            // Fired (delivered twice) and resolved in the period: 2 h.
            (new AlertFired(f1, tenant, errors, "High error rate", "critical", "error_rate", 0.12, 0.05, Utc("2026-03-02T07:00:00Z")), Guid.NewGuid()),
            (new AlertResolved(f1, tenant, errors, "High error rate", Utc("2026-03-02T09:00:00Z")), Guid.NewGuid()),
            // Fired before the period, still open at its end.
            (new AlertFired(f2, tenant, latency, "Slow checkout", "warning", "p95_latency_ms", 950, 800, Utc("2026-03-02T05:00:00Z")), Guid.NewGuid()),
            // Resolved published before its fired: 30 min.
            (new AlertResolved(f3, tenant, latency, "Slow checkout", Utc("2026-03-02T12:30:00Z")), Guid.NewGuid()),
            (new AlertFired(f3, tenant, latency, "Slow checkout", "warning", "p95_latency_ms", 900, 800, Utc("2026-03-02T12:00:00Z")), Guid.NewGuid()),
            // A resolve whose fired never comes.
            (new AlertResolved(f4, tenant, logins, "Low logins", Utc("2026-03-02T20:00:00Z")), Guid.NewGuid()),
            // Another tenant: its own alert, and a resolve naming this tenant's open alert (stays the other tenant's).
            (new AlertFired(foreign, other, Guid.NewGuid(), "Foreign rule", "critical", "errors", 9, 1, Utc("2026-03-02T08:00:00Z")), Guid.NewGuid()),
            (new AlertResolved(f2, other, latency, "Slow checkout", Utc("2026-03-02T10:00:00Z")), Guid.NewGuid()),
        };
        foreach (var (message, id) in messages)
        {
            await bus.Publish(message, message.GetType(), c => c.MessageId = id);
        }
        await bus.Publish(messages[0].Message, messages[0].Message.GetType(), c => c.MessageId = messages[0].Id);   // redelivery: same message, same id

        await Eventually.TrueAsync(() => messages.All(m => consumed.Count(m.Id) >= 1) && consumed.Count(messages[0].Id) >= 2,
            "every delivery to be consumed");
        var store = factory.Services.GetRequiredService<AlertHistoryStore>();
        var from = Utc("2026-03-02T06:00:00Z");
        var to = Utc("2026-03-03T06:00:00Z");
        await Eventually.TrueAsync(async () => (await store.ListTouchingAsync(tenant, from, to, CancellationToken.None)).Count(a => a.StartedAt is not null && a.ResolvedAt is not null) == 2,
            "f1 and f3 to be stored fired and resolved");
        var stored = await store.ListTouchingAsync(tenant, from, to, CancellationToken.None);
        Assert.Equal([f2, f1, f3, f4], stored.Select(a => a.AlertId));   // one row per alert, by start (f4: by resolve)
        Assert.Null(stored[0].ResolvedAt);   // the other tenant's resolve did not touch it
        var others = await store.ListTouchingAsync(other, from, to, CancellationToken.None);
        Assert.Equal([(foreign, true), (f2, false)], others.Select(a => (a.AlertId, a.StartedAt is not null)));

        // A daily alert_summary subscription, run by the scheduler at 06:00 UTC on the 3rd.
        var email = $"{tenant}@example.com";
        await Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Subscription
            {
                Name = "Daily alerts",
                ReportType = "alert_summary",
                Cron = "0 6 * * *",
                TimeZone = "UTC",
                Formats = { ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Xlsx },
                Emails = { email },
                Enabled = true,
            },
        }, _env.Auth(tenant));
        clock.SetUtcNow(Utc("2026-03-03T06:00:05Z"));
        Assert.Equal(1, await Scheduler(factory).PlanOnceAsync(CancellationToken.None));
        Assert.True(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));
        var run = Assert.Single((await Client(factory).ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs);
        Assert.Equal(("succeeded", "", from, to), (run.Status, run.Error, run.PeriodFrom.ToDateTimeOffset(), run.PeriodTo.ToDateTimeOffset()));
        Assert.Equal(3, run.ReportIds.Count);

        // Fired f1 f3; critical f1; resolved f1 f3 f4; open f2; mean (2 h + 30 min) / 2.
        var mailed = Assert.Single(await mail.EmailsToAsync(email));
        foreach (var line in new[] { "Alerts fired: 2", "Critical fired: 1 — ALERT above 0", "Resolved: 3", "Open at period end: 1", "Mean time to resolve: 1 h 15 min" })
        {
            Assert.Contains(line, mailed.Text);
        }

        var pdf = string.Join("\n", PdfText.Pages(await _env.DownloadAsync(factory, tenant, run.ReportIds[0])));
        Assert.Contains("Alert summary", pdf);
        Assert.Contains("1 h 15 min", pdf);
        Assert.Contains("High error rate", pdf);
        Assert.Contains("1 d 1 h (open)", pdf);   // f2: 05:00 on the 2nd to the period's end
        Assert.Contains("1 of the 1 alert open at the end started before the period.", pdf);
        Assert.Contains("1 alert was resolved without a fired record received", pdf);
        Assert.DoesNotContain("Foreign rule", pdf);

        using (var zip = new ZipArchive(new MemoryStream(await _env.DownloadAsync(factory, tenant, run.ReportIds[1]))))
        {
            string[][] Table(string slug)
            {
                var entry = zip.Entries.Single(e => e.Name.EndsWith($"-{slug}.csv", StringComparison.Ordinal));
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                return [.. Csv.Parse(reader.ReadToEnd().TrimStart('\uFEFF'))];
            }
            Assert.Equal(
            [
                ["Severity", "Fired", "Resolved", "Open at end", "Mean to resolve", "Median to resolve", "Open time"],
                ["critical", "1", "1", "0", "2", "2", "2"],
                ["warning", "1", "1", "1", "0.5", "0.5", "24.5"],   // hours; f2 open the whole period, f3 half an hour
                ["info", "0", "0", "0", "", "", "0"],
                ["unknown", "0", "1", "0", "", "", "0"],
            ], Table("by-severity"));
            Assert.Equal(["Slow checkout", "High error rate", "Low logins"], Table("by-rule-worst-first").Skip(1).Select(r => r[0]));
            var alerts = Table("alerts");
            Assert.Equal(5, alerts.Length);
            Assert.Equal(["High error rate", "critical", "error_rate", "0.12", "0.05", "2026-03-02T07:00:00Z", "2026-03-02T09:00:00Z", "2"], alerts[1]);
            Assert.Equal(["Low logins", "unknown", "", "", "", "", "2026-03-02T20:00:00Z", ""], alerts[4]);
        }

        using (var xlsx = new MemoryStream(await _env.DownloadAsync(factory, tenant, run.ReportIds[2])))
        {
            var summary = xlsx.Query(useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>()
                .ToDictionary(r => (string)r["Item"]!, r => r["Value"]);
            Assert.Equal((2.0, 1.0, 3.0, 1.0, 1.25),
                (Convert.ToDouble(summary["Alerts fired"]), Convert.ToDouble(summary["Critical fired"]), Convert.ToDouble(summary["Resolved"]),
                 Convert.ToDouble(summary["Open at period end"]), Convert.ToDouble(summary["Mean time to resolve"])));
            var rules = xlsx.Query(useHeaderRow: true, sheetName: "By rule, worst first").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["Slow checkout", "High error rate", "Low logins"], rules.Select(r => (string)r["Rule"]!));
            Assert.Equal(24.5, Convert.ToDouble(rules[0]["Open time"]), 9);
        }
    }

    private WebApplicationFactory<Program> NewFactory(FakeTimeProvider clock) =>
        _env.NewFactory(clock, new Dictionary<string, string?> { ["ConnectionStrings:smtp"] = mail.SmtpConnectionString });

    /// <summary>Deliveries the consumers finished, per MessageId (a redelivery counts again).</summary>
    private sealed class ConsumeCounter : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _done = new();

        public int Count(Guid messageId) => _done.GetValueOrDefault(messageId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
            {
                _done.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
