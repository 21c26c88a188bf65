using System.Diagnostics.Metrics;
using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Metrics.Jobs;

/// <summary>
/// Database-wide gauges for dashboards and the suite's own alerts, refreshed every 30 s:
/// suite_metrics_accounts_by_health{band} (accounts per health band on each tenant's latest scored day, every band
/// reported, 0 included) and suite_metrics_etl_last_success_timestamp_seconds (when the last ETL day run succeeded,
/// any tenant; absent until one has). System scope: the gauges count over every tenant.
/// </summary>
public sealed class OperationalGauges : SnapshotRefresher
{
    private static readonly Dictionary<string, HealthBand> BandsByName = Enum.GetValues<HealthBand>().ToDictionary(b => b.Name());
    private readonly NpgsqlDataSource _dataSource;
    private volatile IReadOnlyDictionary<HealthBand, long> _bands = new Dictionary<HealthBand, long>();
    private double? _lastEtlSuccess;

    public OperationalGauges([FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource, IMeterFactory meters, IHostEnvironment env, TimeProvider clock, ILogger<OperationalGauges> logger, IConfiguration configuration)
        : base(clock, logger, configuration)
    {
        _dataSource = dataSource;
        var meter = meters.Create(SuiteService.MeterNameOf(env));
        meter.CreateObservableGauge("suite.metrics.accounts_by_health", () =>
        {
            var bands = _bands;
            return Enum.GetValues<HealthBand>().Select(b => new Measurement<long>(bands.GetValueOrDefault(b), new KeyValuePair<string, object?>("band", b.Name())));
        }, "{account}", "Accounts per health band on each tenant's latest scored day");
        meter.CreateObservableGauge("suite.metrics.etl_last_success_timestamp", () =>
            _lastEtlSuccess is { } seconds ? [new Measurement<double>(seconds)] : Array.Empty<Measurement<double>>(),
            "s", "Unix time of the last successful nightly ETL day run (any tenant)");
    }

    protected override async Task RefreshAsync(CancellationToken ct)
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct);
        var bands = new Dictionary<HealthBand, long>();
        await using (var cmd = new NpgsqlCommand(
            """
            select h.band, count(*) from account_health h
            join (select tenant, max(day) as day from account_health group by tenant) latest using (tenant, day)
            group by h.band
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (BandsByName.TryGetValue(reader.GetString(0), out var band))
                {
                    bands[band] = reader.GetInt64(1);
                }
            }
        }
        _bands = bands;
        await using var last = new NpgsqlCommand("select extract(epoch from max(finished_at))::float8 from etl_job_runs where status = 'succeeded'", conn);
        _lastEtlSuccess = await last.ExecuteScalarAsync(ct) is double seconds ? seconds : null;
    }
}
