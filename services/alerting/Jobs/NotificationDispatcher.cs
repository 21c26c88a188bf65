using Npgsql;
using Suite.Alerting.Channels;
using Suite.Alerting.Configuration;
using Suite.Alerting.Data;
using Suite.Alerting.Domain.Delivery;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Jobs;

/// <summary>
/// The notifier: claims due notification rows (FOR UPDATE SKIP LOCKED, so replicas never send the same row),
/// sends each through its channel, and records the outcome in the same transaction: sent, retry at a backed-off
/// time, or failed. Delivery is at-least-once: a crash between send and commit sends that row again.
/// System scope: it claims the due notifications of every tenant.
/// </summary>
public sealed class NotificationDispatcher(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db,
    IEnumerable<INotificationChannel> channels,
    AlertingOptions options,
    AlertingMetrics metrics,
    NotificationSignal signal,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name);
    private readonly RetryPolicy _retry = options.Notifier.ToRetryPolicy();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Notification dispatch failed; retrying");
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

    /// <returns>How many notifications were attempted.</returns>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var due = await NotificationRepository.ClaimDueAsync(conn, tx, now, options.Notifier.BatchSize, ct);
        if (due.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }

        var results = await Task.WhenAll(due.Select(n => SendAsync(n, ct)));
        for (var i = 0; i < due.Count; i++)
        {
            var (n, (result, duration)) = (due[i], results[i]);
            var attempts = n.Attempts + 1;
            var next = _retry.Next(result, attempts, now);
            switch (next.Kind)
            {
                case NextStepKind.MarkSent:
                    await NotificationRepository.MarkSentAsync(conn, tx, n.Id, clock.GetUtcNow(), ct);
                    metrics.Notified(n.Channel, "sent", duration);
                    break;
                case NextStepKind.RetryLater:
                    await NotificationRepository.MarkRetryAsync(conn, tx, n.Id, next.RetryAt!.Value, result.Error, ct);
                    metrics.Notified(n.Channel, "retry", duration);
                    logger.LogWarning("Notification {Id} ({Channel}) attempt {Attempt} failed, retrying at {RetryAt:O}: {Error}",
                        n.Id, n.Channel, attempts, next.RetryAt, result.Error);
                    break;
                default:
                    await NotificationRepository.MarkFailedAsync(conn, tx, n.Id, result.Error, ct);
                    metrics.Notified(n.Channel, "failed", duration);
                    logger.LogError("Notification {Id} ({Channel}) of alert {AlertId} failed after {Attempts} attempt(s), giving up: {Error}",
                        n.Id, n.Channel, n.Notice.AlertId, attempts, result.Error);
                    break;
            }
        }
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private async Task<(DeliveryResult Result, TimeSpan Duration)> SendAsync(DueNotification n, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        DeliveryResult result;
        if (!_channels.TryGetValue(n.Channel, out var channel))
        {
            result = DeliveryResult.Permanent($"no channel named '{n.Channel}'");
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Notifier.SendTimeout);
            try
            {
                result = await channel.SendAsync(new OutgoingNotification(n.Id, n.Kind, n.Target, n.Notice, n.Attempts + 1), timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result = DeliveryResult.Transient("timed out");
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // A channel bug must not stop the others; the row is retried and eventually marked failed.
                logger.LogError(ex, "Channel {Channel} threw while sending notification {Id}", n.Channel, n.Id);
                result = DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
            }
        }
        return (result, clock.GetElapsedTime(started));
    }
}
