using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Jobs;

/// <summary>
/// Keeps monthly partitions of events_raw ready ahead of time: once at start-up (before the server takes calls,
/// since hosted services start before Kestrel and after the migrations) and then daily.
/// </summary>
public sealed class PartitionMaintenanceJob(
    PartitionMaintenance partitions,
    IngestionPolicy policy,
    TimeProvider clock,
    ILogger<PartitionMaintenanceJob> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RunOnceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = Interval;
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
                logger.LogError(ex, "Creating event partitions failed; retrying in {Delay}", RetryAfterFailure);
                delay = RetryAfterFailure;
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var (from, to) = PartitionWindow.For(clock.GetUtcNow(), policy);
        var created = await partitions.EnsureAsync(from, to, ct);
        if (created > 0)
        {
            logger.LogInformation("Created {Count} event partition(s) covering {From:yyyy-MM} .. {To:yyyy-MM}", created, from, to);
        }
    }
}
