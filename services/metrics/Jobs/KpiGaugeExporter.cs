using System.Diagnostics.Metrics;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults;

namespace Suite.Metrics.Jobs;

/// <summary>
/// Exports the configured business KPIs (<see cref="KpiExportSettings"/>) as the gauge suite_business_kpi{tenant, kpi}:
/// the value over the last hour (rolling, minute buckets), distinct-user KPIs over the current UTC day. A refresh every
/// interval computes them into a snapshot the gauge callback reads, so a scrape never waits on the database; a KPI
/// without a value (no denominator) is left out rather than exported as 0.
/// </summary>
public sealed class KpiGaugeExporter : BackgroundService
{
    private readonly KpiExportSettings _settings;
    private readonly KpiComputer _kpis;
    private readonly TimeProvider _clock;
    private readonly ILogger<KpiGaugeExporter> _logger;
    private volatile IReadOnlyList<Measurement<double>> _snapshot = [];

    public KpiGaugeExporter(KpiExportSettings settings, KpiComputer kpis, TimeProvider clock, IMeterFactory meters, IHostEnvironment env, ILogger<KpiGaugeExporter> logger)
    {
        (_settings, _kpis, _clock, _logger) = (settings, kpis, clock, logger);
        meters.Create(SuiteService.MeterNameOf(env)).CreateObservableGauge(
            "suite.business.kpi", () => _snapshot, description: "Business KPIs chosen per tenant (Metrics:Export): last hour, distinct users: today (UTC)");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _snapshot = await ComputeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Business KPI export refresh failed; keeping the previous values");
            }
            try
            {
                await Task.Delay(_settings.Interval, _clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<IReadOnlyList<Measurement<double>>> ComputeAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var measurements = new List<Measurement<double>>();
        foreach (var (tenant, kpis) in _settings.Tenants)
        {
            foreach (var kpi in kpis)
            {
                var (numerator, denominator) = kpi.Resolve(KpiDefinition.NoFilters);
                var query = kpi.Users is not null
                    ? new KpiQuery(kpi, KpiGranularity.Day.BucketStart(now), KpiGranularity.Day.BucketStart(now).AddDays(1), KpiGranularity.Day, numerator, denominator)
                    : new KpiQuery(kpi, KpiGranularity.Minute.BucketStart(now).AddMinutes(-59), KpiGranularity.Minute.BucketStart(now).AddMinutes(1), KpiGranularity.Hour, numerator, denominator);
                var total = (await _kpis.ComputeAsync(tenant, query, ct)).Total;
                if (total.HasValue)
                {
                    measurements.Add(new Measurement<double>(total.Value,
                        new KeyValuePair<string, object?>("tenant", tenant), new KeyValuePair<string, object?>("kpi", kpi.Name)));
                }
            }
        }
        return measurements;
    }
}

public static class KpiGaugeExportExtensions
{
    public static IHostApplicationBuilder AddKpiGaugeExport(this IHostApplicationBuilder builder)
    {
        var settings = KpiExportSettings.From(builder.Configuration);
        if (settings.Enabled)
        {
            builder.Services.AddSingleton(settings);
            builder.Services.AddHostedService<KpiGaugeExporter>();
        }
        return builder;
    }
}
