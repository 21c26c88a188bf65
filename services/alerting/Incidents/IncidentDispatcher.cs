using Npgsql;
using Suite.Alerting.Configuration;
using Suite.Alerting.Domain.Delivery;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Incidents;

/// <summary>
/// Delivers incident_deliveries. Each pass first folds the rows of groups whose flush is due into one group row per
/// recipient address (a lone row goes out as it is), then held rows whose quiet hours ended into one digest row per
/// recipient address, then claims due pending rows (FOR UPDATE SKIP LOCKED, kept until the outcome is recorded, so
/// two replicas never send the same row), sends them and records sent, retry at a backed-off time
/// (<see cref="RetryPolicy"/>, Alerting:Notifier) or failed. At-least-once: a crash between send and commit repeats it.
/// System scope: it claims the due deliveries of every tenant.
/// </summary>
public sealed class IncidentDispatcher(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db,
    IncidentSender sender,
    AlertingOptions options,
    AlertingMetrics metrics,
    IncidentDeliverySignal signal,
    TimeProvider clock,
    ILogger<IncidentDispatcher> logger) : BackgroundService
{
    private const int ReleaseBatch = 1000;
    private readonly RetryPolicy _retry = options.Notifier.ToRetryPolicy();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                await FoldGroupsAsync(stoppingToken);
                await ReleaseHeldAsync(stoppingToken);
                handled = await DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Incident delivery pass failed; retrying");
            }
            if (handled < options.Notifier.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(options.Notifier.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <returns>How many rows went out of the grouping state (as themselves or folded).</returns>
    public async Task<int> FoldGroupsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var waiting = await DeliveryStore.ClaimGroupingAsync(conn, tx, now, ReleaseBatch, ct);
        foreach (var address in waiting.GroupBy(w => (w.Tenant, w.GroupKey, w.Recipient, w.Channel, w.Address)))
        {
            var rows = address.ToList();
            if (rows.Count == 1)
            {
                await DeliveryStore.ReleaseGroupingAsync(conn, tx, rows[0].Id, now, ct);
                continue;
            }
            // One line per incident, even when two of its levels fell due in the same pass.
            var group = new GroupedNotices(rows[0].GroupKey, rows[0].GroupLabels, rows.Select(r => r.Notice).DistinctBy(n => n.IncidentId).ToList());
            await DeliveryStore.InsertGroupAsync(conn, tx, rows[0], group, rows.Select(r => r.Id).ToList(), now, ct);
        }
        await AlertGroupStore.FlushedAsync(conn, tx, waiting.Select(w => (w.Tenant, w.GroupKey)).Distinct().ToList(), now, ct);
        await tx.CommitAsync(ct);
        return waiting.Count;
    }

    /// <returns>How many digest rows were written.</returns>
    public async Task<int> ReleaseHeldAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var held = await DeliveryStore.ClaimReleasableAsync(conn, tx, now, ReleaseBatch, ct);
        var digests = 0;
        foreach (var address in held.GroupBy(h => (h.Tenant, h.Recipient, h.Channel, h.Address)))
        {
            var rows = address.ToList();
            var notices = IncidentDigests.Fold(rows.Select(r => r.Held).ToList(), now);
            if (notices.Count > 0)
            {
                await DeliveryStore.InsertDigestAsync(conn, tx, rows[0], notices, rows.Select(r => r.Id).ToList(), now, ct);
                digests++;
            }
        }
        await tx.CommitAsync(ct);
        return digests;
    }

    /// <returns>How many deliveries were attempted.</returns>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var due = await DeliveryStore.ClaimDueAsync(conn, tx, now, options.Notifier.BatchSize, ct);
        if (due.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }
        var results = await Task.WhenAll(due.Select(d => SendAsync(d, ct)));
        for (var i = 0; i < due.Count; i++)
        {
            var (d, (result, duration)) = (due[i], results[i]);
            var attempts = d.Attempts + 1;
            var next = _retry.Next(result, attempts, now);
            switch (next.Kind)
            {
                case NextStepKind.MarkSent:
                    await DeliveryStore.MarkSentAsync(conn, tx, d.Id, clock.GetUtcNow(), ct);
                    metrics.IncidentDelivered(d.Channel, d.Kind, "sent", duration);
                    break;
                case NextStepKind.RetryLater:
                    await DeliveryStore.MarkRetryAsync(conn, tx, d.Id, next.RetryAt!.Value, result.Error, ct);
                    metrics.IncidentDelivered(d.Channel, d.Kind, "retry", duration);
                    logger.LogWarning("Incident delivery {Id} ({Channel}, {Kind}) attempt {Attempt} failed, retrying at {RetryAt:O}: {Error}",
                        d.Id, d.Channel, d.Kind, attempts, next.RetryAt, result.Error);
                    break;
                default:
                    await DeliveryStore.MarkFailedAsync(conn, tx, d.Id, result.Error, ct);
                    metrics.IncidentDelivered(d.Channel, d.Kind, "failed", duration);
                    logger.LogError("Incident delivery {Id} ({Channel}, {Kind}) to {Recipient} failed after {Attempts} attempt(s), giving up: {Error}",
                        d.Id, d.Channel, d.Kind, d.Recipient, attempts, result.Error);
                    break;
            }
        }
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private async Task<(DeliveryResult Result, TimeSpan Duration)> SendAsync(DueDelivery d, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        DeliveryResult result;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Notifier.SendTimeout);
        try
        {
            result = await sender.SendAsync(d, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result = DeliveryResult.Transient("timed out");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A channel bug must not stop the others; the row is retried and eventually marked failed.
            logger.LogError(ex, "Sending incident delivery {Id} ({Channel}) threw", d.Id, d.Channel);
            result = DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
        return (result, clock.GetElapsedTime(started));
    }
}
