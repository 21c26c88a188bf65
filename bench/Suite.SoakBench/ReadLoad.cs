using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Predictions.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Hosting;
using Suite.ServiceDefaults.Auth;

namespace Suite.SoakBench;

/// <summary>
/// What users do while events flow: every 5 s a round of reads on each service (stats, a KPI series, firing incidents,
/// at-risk accounts, rules), every 30 s a generated PDF or XLSX report. Failures are counted, not thrown.
/// </summary>
public sealed class ReadLoad(SuiteApplication suite, string tenant) : IDisposable
{
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);
    private const int RoundsPerReport = 6;

    private readonly Dictionary<string, GrpcChannel> _channels = [];
    private long _calls;
    private long _failures;
    private int _rounds;

    public long Calls => Interlocked.Read(ref _calls);
    public long Failures => Interlocked.Read(ref _failures);
    public int FiringIncidents { get; private set; }
    public long LastReportBytes { get; private set; }
    public string? LastFailure { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        var ingestion = new Ingestion.IngestionClient(Channel("ingestion"));
        var metrics = new Metrics.MetricsClient(Channel("metrics"));
        var predictions = new Predictions.PredictionsClient(Channel("predictions"));
        var alerting = new Alerting.AlertingClient(Channel("alerting"));
        var reporting = new Reporting.ReportingClient(Channel("reporting"));
        var headers = Bearer(suite.TokenFor(tenant));
        using var timer = new PeriodicTimer(Round);
        do
        {
            var now = DateTime.UtcNow;
            await Call(() => ingestion.GetIngestionStatsAsync(new GetIngestionStatsRequest(), headers, Deadline()).ResponseAsync);
            await Call(() => metrics.GetKpiSeriesAsync(new GetKpiSeriesRequest
            {
                Kpi = "login_success_rate",
                From = Timestamp.FromDateTime(now.AddHours(-1)),
                To = Timestamp.FromDateTime(now),
                Granularity = Granularity.Minute,
            }, headers, Deadline()).ResponseAsync);
            await Call(async () => FiringIncidents = (await alerting.ListIncidentsAsync(new ListIncidentsRequest { State = "firing", Limit = 1000 }, headers, Deadline())).Incidents.Count);
            await Call(() => alerting.ListRulesAsync(new ListRulesRequest(), headers, Deadline()).ResponseAsync);
            await Call(() => predictions.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "medium", Limit = 50 }, headers, Deadline()).ResponseAsync);
            if (_rounds++ % RoundsPerReport == 0)
            {
                await Call(async () => LastReportBytes = (await reporting.GenerateReportAsync(Report(now), ReportHeaders(), Deadline(60))).Content.Length);
            }
        }
        while (await WaitAsync(timer, ct));
    }

    /// <summary>Alternates PDF (charts through SkiaSharp) and XLSX over the last day of logins.</summary>
    private GenerateReportRequest Report(DateTime now) => new()
    {
        Kpi = "logins",
        From = Timestamp.FromDateTime(now.AddDays(-1)),
        To = Timestamp.FromDateTime(now),
        Granularity = Granularity.Hour,
        Format = _rounds / RoundsPerReport % 2 == 0 ? ReportFormat.Pdf : ReportFormat.Xlsx,
        Title = "Soak logins",
    };

    /// <summary>GenerateReport allows 100 calls per hour per user; 120 per hour are spread over two report users.</summary>
    private Metadata ReportHeaders() => Bearer(SuiteTokens.Create(
        suite.SigningKey, $"soak-reports-{_rounds / RoundsPerReport % 2}", tenant, [SuiteRoles.Admin], TimeSpan.FromHours(2)));

    private async Task Call(Func<Task> call)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            Interlocked.Increment(ref _failures);
            LastFailure = $"{ex.StatusCode}: {ex.Status.Detail}";
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static DateTime Deadline(int seconds = 15) => DateTime.UtcNow.AddSeconds(seconds);

    internal static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    private GrpcChannel Channel(string service) =>
        _channels[service] = GrpcChannel.ForAddress(suite.GrpcEndpoint(service));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
