using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.EndToEnd.Tests.Faults;
using Suite.Hosting;
using Suite.ServiceDefaults.Data;
using Suite.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// Faults under a steady event load (docs/reliability.md, "Fault injection"): kill -9 of each service in turn (the
/// AppHost restarts it), a RabbitMQ restart and a PostgreSQL restart. The client resends what it holds no ack for.
/// Afterwards every event is counted exactly once in the KPI, stored once, and each alert was notified exactly once
/// on Slack and by email — one alert firing before the faults, one that starts firing during them.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "faults";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(5);

    private readonly List<GrpcChannel> _channels = [];
    private SuiteApplication _suite = null!;
    private SlackSink _slack = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackSink.StartAsync();
        _suite = SuiteTopology.Build(SuiteFixture.Options("suite-faults-"));
        await _suite.StartAsync();
    }

    [Fact]
    public async Task Every_event_counts_once_and_every_alert_is_notified_once_through_kills_and_restarts()
    {
        var headers = SuiteFixture.Bearer(_suite.TokenFor(Tenant));
        var started = DateTimeOffset.UtcNow;
        var alerting = new Alerting.AlertingClient(Channel("alerting"));
        await alerting.CreateRuleAsync(Rule("Faults login success below 90 %", 0.9, "faults-a", "a@faults.example"), headers);
        await alerting.CreateRuleAsync(Rule("Faults login success below 79 %", 0.79, "faults-b", "b@faults.example"), headers);

        // 50 logins every 100 ms, 80 % successful: rule A fires, rule B does not (yet).
        var load = new SteadyLoad(new Ingestion.IngestionClient(Channel("ingestion")), headers, eventsPerBatch: 50, interval: TimeSpan.FromMilliseconds(100));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => load.RunAsync(stop.Token, drainTimeout: TimeSpan.FromMinutes(3)));
        await Eventually.Get(() => Task.FromResult(_slack.Delivered("faults-a")), p => p.Count >= 1, Patience, "rule A's Slack post before the faults");
        output.WriteLine($"{Clock()} rule A notified; {load.Acked} batches acknowledged");

        var figures = new List<string>();
        foreach (var service in new[] { "ingestion", "metrics", "predictions", "alerting", "reporting" })
        {
            if (service == "alerting")
            {
                // From now on 50 % successful: the window's rate falls below 79 % around the alerting kill.
                load.SuccessShare = 5;
            }
            figures.Add(await FaultAsync(load, $"kill -9 {service}", async () =>
            {
                var pid = _suite.KillService(service);
                await WaitRestartedAsync(service, pid);
            }));
        }
        figures.Add(await FaultAsync(load, "RabbitMQ restart", async () =>
        {
            await _suite.StopRabbitMqAsync(graceful: true);
            await Task.Delay(Steady);
            await _suite.StartRabbitMqAsync();
        }));
        figures.Add(await FaultAsync(load, "PostgreSQL restart", async () =>
        {
            await _suite.StopPostgresAsync();
            await Task.Delay(Steady);
            await _suite.StartPostgresAsync();
            await WaitHealthyAsync(SuiteTopology.Services.Select(s => s.Name));
        }));

        await stop.CancelAsync();
        await running;
        output.WriteLine($"{Clock()} load stopped: {load.Logins:N0} events in {load.Acked:N0} batches over {load.Streams} streams, " +
                         $"{load.Resent:N0} batches resent, {load.Duplicates:N0} events acknowledged as duplicates");
        figures.ForEach(output.WriteLine);
        Assert.Equal(0, load.Unacked);
        Assert.Equal(0, load.Rejected);

        // Exactly once in the KPI: every login the client sent, neither lost nor counted twice.
        var metrics = new Metrics.MetricsClient(Channel("metrics"));
        var request = new GetKpiSeriesRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(started.AddHours(-1)),
            To = Timestamp.FromDateTimeOffset(started.AddHours(1)),
            Granularity = Granularity.Hour,
        };
        var series = await Eventually.Get(
            async () => (await metrics.GetKpiSeriesAsync(request, headers)).Total,
            t => t.Denominator >= load.Logins,
            Patience, $"login_success_rate over all {load.Logins} logins");
        await Task.Delay(TimeSpan.FromSeconds(5));   // late redeliveries would show by now
        series = (await metrics.GetKpiSeriesAsync(request, headers)).Total;
        output.WriteLine($"{Clock()} KPI: {series.Numerator:N0} of {series.Denominator:N0}; sent {load.SuccessfulLogins:N0} of {load.Logins:N0}");
        Assert.Equal(load.Logins, series.Denominator);
        Assert.Equal(load.SuccessfulLogins, series.Numerator);
        Assert.Equal(load.Logins, await StoredEventsAsync());

        // Each alert notified exactly once per channel: A before the faults, B during them.
        await Eventually.Get(() => Task.FromResult(_slack.Delivered("faults-b")), p => p.Count >= 1, Patience, "rule B's Slack post");
        using var http = new HttpClient();
        await Eventually.Get(() => MailSink.EmailsToAsync(http, _suite.MailDevApiUrl, "b@faults.example"), m => m.Count >= 1, Patience, "rule B's email");
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(_slack.Delivered("faults-a"));
        Assert.Single(_slack.Delivered("faults-b"));
        Assert.Single(await MailSink.EmailsToAsync(http, _suite.MailDevApiUrl, "a@faults.example"));
        Assert.Single(await MailSink.EmailsToAsync(http, _suite.MailDevApiUrl, "b@faults.example"));
    }

    private async Task<string> FaultAsync(SteadyLoad load, string fault, Func<Task> inject)
    {
        load.ResetGap();
        var (streams, resent, acked) = (load.Streams, load.Resent, load.Acked);
        var watch = Stopwatch.StartNew();
        output.WriteLine($"{Clock()} {fault}");
        await inject();
        var recovered = watch.Elapsed;
        // Steady load again: acks flow before the next fault.
        var ackedAtRecovery = load.Acked;
        await Eventually.TrueAsync(() => load.Acked > ackedAtRecovery + 10, $"acks after {fault}", timeoutSeconds: 120);
        await Task.Delay(Steady);
        return $"{fault}: back in {recovered.TotalSeconds:0.0} s, longest wait for an ack {load.LongestGap.TotalSeconds:0.0} s, " +
               $"{load.Streams - streams} new streams, {load.Resent - resent} batches resent, {load.Acked - acked} acknowledged meanwhile";
    }

    /// <summary>The AppHost noticed the crash and started the service again (new process), and it is healthy.</summary>
    private async Task WaitRestartedAsync(string service, int killedPid)
    {
        var resource = _suite.App.GetResource<ProjectResource>(service);
        await Eventually.TrueAsync(() => resource.ProcessId is { } pid && pid != killedPid, $"{service} restarted by the AppHost", timeoutSeconds: 60);
        await WaitHealthyAsync([service]);
    }

    private async Task WaitHealthyAsync(IEnumerable<string> services)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var service in services)
        {
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    using var health = await http.GetAsync(new Uri(_suite.HttpEndpoint(service), "/health"));
                    return health.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }, $"{service} healthy", timeoutSeconds: 120);
        }
    }

    private Rule Rule(string name, double threshold, string hook, string email)
    {
        var rule = new Rule
        {
            Name = name,
            Kpi = "login_success_rate",
            Comparison = Comparison.Below,
            Threshold = threshold,
            WindowSeconds = 600,
            Severity = Severity.Critical,
            SlackWebhookUrl = _slack.HookUrl(hook),
            MinSamples = 10,
        };
        rule.EmailTo.Add(email);
        return rule;
    }

    private async Task<long> StoredEventsAsync()
    {
        await using var db = NpgsqlDataSource.Create(SystemScope.AllTenantsConnectionString(_suite.ConnectionString("ingestiondb")));
        await using var cmd = db.CreateCommand("select count(*) from events_raw where tenant = @t");
        cmd.Parameters.AddWithValue("t", Tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private GrpcChannel Channel(string service)
    {
        var channel = GrpcChannel.ForAddress(_suite.GrpcEndpoint(service));
        _channels.Add(channel);
        return channel;
    }

    private static string Clock() => DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        _channels.ForEach(c => c.Dispose());
        if (_suite is not null)
        {
            await _suite.DisposeAsync();
        }
        if (_slack is not null)
        {
            await _slack.DisposeAsync();
        }
    }
}
