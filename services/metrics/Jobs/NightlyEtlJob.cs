using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Jobs;

/// <summary>
/// At each cron occurrence: for every tenant active in the look-back, recomputes yesterday (UTC) and any missing or
/// failed day of the look-back (<see cref="EtlPlan.NightlyDays"/>). A replica running it at the same time is harmless:
/// each (tenant, day) run is serialized by an advisory lock and rewrites the same rows. System scope: it lists the
/// active tenants of all (each run then works as its tenant, <see cref="DailyKpiEtl"/>).
/// </summary>
public sealed class NightlyEtlJob(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource,
    DailyKpiEtl etl,
    EtlSettings settings,
    TimeProvider clock,
    ILogger<NightlyEtlJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            if (settings.NextRun(now) is not { } next)
            {
                logger.LogWarning("The ETL cron expression has no next occurrence; the nightly ETL stops");
                return;
            }
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Nightly ETL failed; the next occurrence catches up");
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var today = EtlPlan.DayOf(clock.GetUtcNow());
        var first = today.AddDays(-settings.LookbackDays);
        foreach (var tenant in await DailyKpiStore.ActiveTenantsAsync(dataSource, first, today.AddDays(-1), ct))
        {
            var runs = await DailyKpiStore.LatestRunsAsync(dataSource, tenant, first, today.AddDays(-1), ct);
            var results = await etl.RunAsync(tenant, EtlPlan.NightlyDays(today, settings.LookbackDays, runs), ct);
            logger.LogInformation("Nightly ETL for {Tenant}: {Succeeded} days succeeded, {Failed} failed",
                tenant, results.Count(r => r.Status == EtlStatus.Succeeded), results.Count(r => r.Status == EtlStatus.Failed));
        }
    }
}

public static class NightlyEtlSetup
{
    public static IHostApplicationBuilder AddNightlyEtl(this IHostApplicationBuilder builder)
    {
        var settings = EtlSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        if (settings.Enabled)
        {
            builder.Services.AddHostedService<NightlyEtlJob>();
        }
        return builder;
    }
}
