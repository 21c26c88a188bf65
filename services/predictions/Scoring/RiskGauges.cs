using System.Diagnostics.Metrics;
using Npgsql;
using Suite.Predictions.Domain;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Scoring;

/// <summary>
/// suite_predictions_accounts_at_risk{level}: accounts per churn risk level as last recorded (all tenants, cancelled
/// accounts left out as in <see cref="AtRiskAccounts"/>; every level reported, 0 included), refreshed every 30 s.
/// </summary>
public sealed class RiskGauges : SnapshotRefresher
{
    private readonly NpgsqlDataSource _dataSource;
    private volatile IReadOnlyDictionary<ChurnRiskLevel, long> _levels = new Dictionary<ChurnRiskLevel, long>();

    public RiskGauges([FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource, IMeterFactory meters, IHostEnvironment env, TimeProvider clock, ILogger<RiskGauges> logger, IConfiguration configuration)
        : base(clock, logger, configuration)
    {
        _dataSource = dataSource;
        meters.Create(SuiteService.MeterNameOf(env)).CreateObservableGauge("suite.predictions.accounts_at_risk", () =>
        {
            var levels = _levels;
            return Enum.GetValues<ChurnRiskLevel>().Select(l => new Measurement<long>(levels.GetValueOrDefault(l), new KeyValuePair<string, object?>("level", l.Name())));
        }, "{account}", "Accounts per churn risk level as last recorded, all tenants");
    }

    protected override async Task RefreshAsync(CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand($"select level, count(*) from account_risk r where {AtRiskAccounts.NotCancelled} group by level");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var levels = new Dictionary<ChurnRiskLevel, long>();
        while (await reader.ReadAsync(ct))
        {
            levels[(ChurnRiskLevel)reader.GetInt16(0)] = reader.GetInt64(1);
        }
        _levels = levels;
    }
}
