using Suite.Ingestion.Data;

namespace Suite.Ingestion.Jobs;

/// <summary>Adds the buffered per-tenant counters to the database about once a second, and once more at shutdown.</summary>
public sealed class StatsFlushJob(StatsBuffer buffer, StatsStore store, TimeProvider clock, ILogger<StatsFlushJob> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await FlushAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await buffer.FlushLock.WaitAsync(ct);
        try
        {
            var increments = buffer.Take();
            try
            {
                await store.AddAsync(increments, ct);
            }
            catch (Exception ex)
            {
                buffer.Restore(increments);
                if (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Flushing ingestion stats failed; will retry");
                }
            }
        }
        finally
        {
            buffer.FlushLock.Release();
        }
    }
}
