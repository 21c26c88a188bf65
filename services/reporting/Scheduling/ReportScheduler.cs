using Npgsql;
using Suite.Reporting.Data;
using Suite.Reporting.Domain.Scheduling;
using Suite.Reporting.Domain.Subscriptions;
using Suite.ServiceDefaults.Data;

namespace Suite.Reporting.Scheduling;

/// <summary>
/// Runs subscriptions. Each pass:
/// 1. plan: claims due subscriptions (FOR UPDATE SKIP LOCKED), and in one transaction writes the run that
///    <see cref="ScheduleDecisions.Decide"/> asks for (unique per subscription and scheduled time) and the next due time;
/// 2. execute: takes pending runs one by one (row lock held until the outcome is recorded, so two replicas never
///    run the same one) and records each attempt: succeeded, pending again after a backoff, or failed.
/// A replica that dies mid-run leaves the run pending: another one (or it, restarted) runs it again.
/// System scope (docs/tenant-isolation.md): it claims the due subscriptions and pending runs of every tenant.
/// </summary>
public sealed class ReportScheduler(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db,
    IServiceScopeFactory scopes,
    ReportingOptions options,
    ReportingMetrics metrics,
    TimeProvider clock,
    ILogger<ReportScheduler> logger) : BackgroundService
{
    private const int PlanBatch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PlanOnceAsync(stoppingToken) == PlanBatch)
                {
                }
                while (await ExecuteNextAsync(stoppingToken))
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Report scheduler pass failed; retrying");
            }
            try
            {
                await Task.Delay(options.Scheduler.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>How many due subscriptions were claimed.</returns>
    public async Task<int> PlanOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        IReadOnlyList<Subscription> due;
        await using (var select = new NpgsqlCommand(
            $"""
            select {SubscriptionStore.Columns} from subscriptions
            where enabled and next_run_at <= @now
            order by next_run_at
            limit @limit
            for update skip locked
            """, conn, tx))
        {
            select.Parameters.AddWithValue("now", now);
            select.Parameters.AddWithValue("limit", PlanBatch);
            due = await SubscriptionStore.ReadAllAsync(select, ct);
        }

        foreach (var subscription in due)
        {
            var schedule = subscription.Spec.Schedule;
            var decision = ScheduleDecisions.Decide(schedule, subscription.NextRunAt!.Value, now, options.Scheduler.Grace);
            if (decision.RunFor is { } runFor)
            {
                var run = NewRun(subscription, runFor, decision.CatchUp ? RunTriggers.CatchUp : RunTriggers.Schedule, RunStatuses.Pending, decision.Missed, now);
                if (await RunStore.InsertAsync(conn, tx, run, now, ct))
                {
                    logger.LogInformation("Subscription {Subscription} ({Name}) of {Tenant}: run for {ScheduledFor:O} ({Trigger}, {Missed} missed before it)",
                        subscription.Id, subscription.Spec.Name, subscription.Tenant, runFor, run.Trigger, decision.Missed);
                }
            }
            if (decision.SkippedFor is { } skipped)
            {
                await RunStore.InsertAsync(conn, tx, NewRun(subscription, skipped, RunTriggers.Schedule, RunStatuses.Skipped, decision.Missed, now), null, ct);
                metrics.RunFinished(RunStatuses.Skipped);
                logger.LogWarning("Subscription {Subscription} ({Name}) of {Tenant}: the run for {ScheduledFor:O} was missed and is skipped (catch_up: skip)",
                    subscription.Id, subscription.Spec.Name, subscription.Tenant, skipped);
            }
            await using var update = new NpgsqlCommand("update subscriptions set next_run_at = @next where id = @id", conn, tx);
            update.Parameters.AddWithValue("id", subscription.Id);
            update.Parameters.Add(new NpgsqlParameter("next", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)decision.NextRunAt ?? DBNull.Value });
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return due.Count;
    }

    /// <returns>Whether a pending run was found (and attempted).</returns>
    public async Task<bool> ExecuteNextAsync(CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await RunStore.ClaimNextAsync(conn, tx, started, ct) is not { } run)
        {
            await tx.CommitAsync(ct);
            return false;
        }

        Subscription? subscription = null;
        await using (var select = new NpgsqlCommand($"select {SubscriptionStore.Columns} from subscriptions where id = @id", conn, tx))
        {
            select.Parameters.AddWithValue("id", (object?)run.SubscriptionId ?? DBNull.Value);
            var rows = await SubscriptionStore.ReadAllAsync(select, ct);
            subscription = rows.Count == 0 ? null : rows[0];
        }

        RunResult? result = null;
        string? error;
        if (subscription is null)
        {
            error = "the subscription was deleted before the run";
        }
        else
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                result = await scope.ServiceProvider.GetRequiredService<SubscriptionRunner>().RunAsync(run, subscription, ct);
                error = result.Complete ? null : string.Join("; ", result.Errors);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
                logger.LogWarning(ex, "Run {Run} attempt {Attempt} failed", run.Id, run.Attempts + 1);
            }
        }

        var finished = clock.GetUtcNow();
        var attempts = run.Attempts + 1;
        var (status, next) = error is null ? (RunStatuses.Succeeded, (DateTimeOffset?)null)
            : subscription is not null && attempts < options.Scheduler.MaxAttempts
                ? (RunStatuses.Pending, finished + options.Scheduler.RetryDelay * Math.Pow(2, attempts - 1))
                : (RunStatuses.Failed, null);
        await RunStore.RecordAsync(conn, tx, run.Id, new RunAttempt(status, next, started, finished,
            result?.Reports.Sum(r => (long)r.Content.Length) ?? 0, result?.Delivered ?? run.Recipients,
            result?.Reports.Select(r => r.Id).ToList() ?? run.ReportIds, error, result?.Headlines ?? run.Headlines), ct);
        await tx.CommitAsync(ct);
        if (status != RunStatuses.Pending)
        {
            metrics.RunFinished(status);
        }
        if (status == RunStatuses.Failed)
        {
            logger.LogError("Run {Run} of subscription {Subscription} failed after {Attempts} attempt(s): {Error}", run.Id, run.SubscriptionId, attempts, error);
        }
        return true;
    }

    private static ReportRun NewRun(Subscription s, DateTimeOffset scheduledFor, string trigger, string status, int missed, DateTimeOffset now) => new(
        Guid.CreateVersion7(now), s.Tenant, s.Id, s.Spec.ReportType, scheduledFor,
        ScheduleDecisions.PreviousBefore(s.Spec.Schedule, scheduledFor), scheduledFor, trigger, status, 0,
        null, null, null, null, [], [], missed, null, now, []);
}
