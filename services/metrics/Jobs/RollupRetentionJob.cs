using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Jobs;

/// <summary>
/// Every interval, deletes rollup buckets (and daily_users days) older than the table's retention (<see cref="RetentionPolicy.CutoffFor"/>).
/// The first run waits one interval, so start-up (and migrations) are never slowed by it. Idempotent: replicas
/// running it at once only delete the same rows. System scope: retention deletes old rows of every tenant.
/// </summary>
public sealed class RollupRetentionJob(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource,
    RetentionSettings settings,
    TimeProvider clock,
    ILogger<RollupRetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.Interval, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Rollup retention failed; retrying in {Interval}", settings.Interval);
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var table in RollupTable.All)
        {
            var cutoff = settings.Policy.CutoffFor(table, now);
            var deleted = await RollupStore.DeleteBeforeAsync(dataSource, table, cutoff, ct);
            logger.LogInformation("Retention deleted {Rows} rows before {Cutoff:o} from {Table}", deleted, cutoff, RollupTable.NameOf(table));
        }
        // Distinct users per day live as long as the day rollups.
        var dayCutoff = settings.Policy.CutoffFor(KpiGranularity.Day, now);
        var users = await RollupStore.DeleteActiveUsersBeforeAsync(dataSource, DateOnly.FromDateTime(dayCutoff.UtcDateTime), ct);
        logger.LogInformation("Retention deleted {Rows} rows before {Cutoff:o} from daily_users", users, dayCutoff);
        var accounts = await AccountActivityStore.DeleteBeforeAsync(dataSource, DateOnly.FromDateTime(dayCutoff.UtcDateTime), ct);
        logger.LogInformation("Retention deleted {Rows} rows before {Cutoff:o} from account_daily", accounts, dayCutoff);
        // The funnel event log has its own (shorter) retention; user_first_seen is kept (one row per user).
        var eventsCutoff = now - settings.UserEvents;
        var events = await UserActivityStore.DeleteEventsBeforeAsync(dataSource, eventsCutoff, ct);
        logger.LogInformation("Retention deleted {Rows} rows before {Cutoff:o} from user_events", events, eventsCutoff);
    }
}

public static class RollupRetentionSetup
{
    public static IHostApplicationBuilder AddRollupRetention(this IHostApplicationBuilder builder)
    {
        var settings = RetentionSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        if (settings.Enabled)
        {
            builder.Services.AddHostedService<RollupRetentionJob>();
        }
        return builder;
    }
}
