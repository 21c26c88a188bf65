using Cronos;

namespace Suite.Predictions.Jobs;

/// <summary>Runs <see cref="RunOnceAsync"/> at each occurrence of a cron schedule in a time zone; a failure waits for the next.</summary>
public abstract class CronJob(CronExpression cron, TimeZoneInfo zone, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock => clock;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            if (cron.GetNextOccurrence(now, zone) is not { } next)
            {
                logger.LogWarning("{Job}: the cron expression has no next occurrence; the job stops", GetType().Name);
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
                logger.LogError(ex, "{Job} failed; the next occurrence tries again", GetType().Name);
            }
        }
    }

    public abstract Task RunOnceAsync(CancellationToken ct);
}
