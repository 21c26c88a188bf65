using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Jobs;

/// <summary>
/// Daily: drops the monthly partitions of events_raw past retention (decided by the pure
/// <see cref="RetentionPlan"/>), then deletes the idempotency keys of the events they held. Keys go after their
/// partitions, so a key always lives at least as long as its event; an interrupted run is finished by the next.
/// Replicas may run it concurrently: dropping a dropped partition and re-deleting keys are no-ops.
/// </summary>
public sealed class PartitionRetentionJob(
    PartitionMaintenance partitions,
    IngestionPolicy policy,
    IngestionMetrics metrics,
    TimeProvider clock,
    ILogger<PartitionRetentionJob> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not at start-up: a restart storm should not queue DDL in front of the first requests.
        var delay = FirstRunDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
                delay = Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dropping expired event partitions failed; retrying in {Delay}", RetryAfterFailure);
                delay = RetryAfterFailure;
            }
        }
    }

    /// <returns>The partitions that were dropped by this run.</returns>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken ct)
    {
        var decision = RetentionPlan.Decide(await partitions.ListAsync(ct), clock.GetUtcNow(), policy);
        var dropped = new List<string>();
        foreach (var partition in decision.Drop)
        {
            if (await partitions.DropAsync(partition, ct))
            {
                dropped.Add(partition);
                metrics.DroppedPartitions.Add(1);
                logger.LogInformation("Dropped event partition {Partition} (past the retention of {Retention})", partition, policy.Retention);
            }
        }
        // Keys are purged when partitions went, and when an earlier drop's purge is still owed (a crash between the two);
        // not at every start, which scanned the whole key table.
        if (dropped.Count > 0 || await partitions.KeyPurgeOwedAsync(ct))
        {
            var keys = await partitions.DeleteKeysBeforeAsync(decision.KeysBefore, ct);
            if (keys > 0)
            {
                logger.LogInformation("Deleted {Count} idempotency keys of events before {Before:yyyy-MM-dd}", keys, decision.KeysBefore);
            }
        }
        return dropped;
    }
}
