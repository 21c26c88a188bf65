using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Scheduling;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;

namespace Suite.Reporting.Tests;

/// <summary>
/// What a reporting test class runs against: its own database and RabbitMQ vhost, a fake metrics service, and when
/// asked a fake predictions service and a Slack listener; <see cref="NewFactory"/> starts reporting on them.
/// </summary>
public sealed class ReportingTestHost : IAsyncDisposable
{
    private readonly InfraFixture _infra;

    private ReportingTestHost(InfraFixture infra, string database, string rabbit, FakeMetricsServer metrics, FakePredictionsServer? predictions, SlackSink? slack)
    {
        _infra = infra;
        (Database, Rabbit, Metrics, _predictions, _slack) = (database, rabbit, metrics, predictions, slack);
    }

    private readonly FakePredictionsServer? _predictions;
    private readonly SlackSink? _slack;

    /// <summary>The service's own connection string (its database owner, under row-level security).</summary>
    public string Database { get; }
    public string Rabbit { get; }
    public FakeMetricsServer Metrics { get; }
    public FakePredictionsServer Predictions => _predictions ?? throw new InvalidOperationException("started without predictions");
    public SlackSink Slack => _slack ?? throw new InvalidOperationException("started without a Slack listener");

    public static async Task<ReportingTestHost> StartAsync(InfraFixture infra, bool predictions = false, bool slack = false) =>
        new(infra,
            await infra.CreateServiceDatabaseAsync("reporting"),
            await infra.CreateVirtualHostAsync("reporting"),
            await FakeMetricsServer.StartAsync(),
            predictions ? await FakePredictionsServer.StartAsync() : null,
            slack ? await SlackSink.StartAsync() : null);

    /// <summary>
    /// Reporting on this host's database, broker and fakes, the scheduler off (tests drive it), with
    /// <paramref name="settings"/> on top and <paramref name="clock"/> as its TimeProvider when given.
    /// </summary>
    public WebApplicationFactory<Program> NewFactory(TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = ServiceFactory.Settings("reporting", Database, Rabbit);
        all["services:metrics:grpc:0"] = Metrics.Address;
        if (_predictions is not null)
        {
            all["services:predictions:grpc:0"] = _predictions.Address;
        }
        all["Reporting:Scheduler:Enabled"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return clock is null
            ? ServiceFactory.Create<Program>(all)
            : ServiceFactory.Create<Program>(all, services => services.AddSingleton(clock));
    }

    public Metadata Auth(string tenant) => new() { { "authorization", $"Bearer {_infra.TokenFor(tenant)}" } };

    public static ReportingClient Client(WebApplicationFactory<Program> factory) => new(factory.Channel());

    public static ReportScheduler Scheduler(WebApplicationFactory<Program> factory) => factory.Services.GetRequiredService<ReportScheduler>();

    /// <summary>A stored report's bytes through GetReport (streamed in chunks).</summary>
    public async Task<byte[]> DownloadAsync(WebApplicationFactory<Program> factory, string tenant, string reportId)
    {
        using var call = Client(factory).GetReport(new GetReportRequest { ReportId = reportId }, Auth(tenant));
        using var bytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Data.WriteTo(bytes);
        }
        return bytes.ToArray();
    }

    public static string Tenant(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public async ValueTask DisposeAsync()
    {
        await Metrics.DisposeAsync();
        if (_predictions is not null)
        {
            await _predictions.DisposeAsync();
        }
        if (_slack is not null)
        {
            await _slack.DisposeAsync();
        }
    }
}
