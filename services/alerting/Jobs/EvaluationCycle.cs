using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Npgsql;
using Suite.Alerting.Configuration;
using Suite.Alerting.Data;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Pipeline;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.ServiceDefaults.Messaging;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Jobs;

/// <summary>
/// One evaluation of every due rule of every tenant, with one clock reading for the whole cycle:
/// claim due rules → fetch each KPI from metrics → decide → record the transition and its notifications.
/// System scope: it claims the due rules of every tenant.
/// </summary>
public sealed class EvaluationCycle(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db,
    RuleRepository rules,
    AlertRepository alerts,
    GrpcClientFactory grpcClients,
    AlertingOptions options,
    AlertingMetrics metrics,
    OutboxSignal outboxSignal,
    NotificationSignal notificationSignal,
    TimeProvider clock,
    ILogger<EvaluationCycle> logger)
{
    private const int ClaimBatch = 200;

    /// <summary>
    /// A claimed rule is due again a little before the next tick: a tick that starts a few milliseconds earlier
    /// than the previous one did must not skip the rule for a whole interval.
    /// </summary>
    private TimeSpan TimerSlack => options.EvaluationInterval / 5;

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var client = grpcClients.CreateClient<Metrics.MetricsClient>(nameof(Metrics.MetricsClient));
        var changed = 0;
        IReadOnlyList<AlertRule> claimed;
        do
        {
            claimed = await rules.ClaimDueAsync(now, now + options.EvaluationInterval - TimerSlack, ClaimBatch, ct);
            await Parallel.ForEachAsync(
                claimed,
                new ParallelOptions { MaxDegreeOfParallelism = options.EvaluationConcurrency, CancellationToken = ct },
                async (rule, token) =>
                {
                    if (await EvaluateAsync(client, rule, now, token))
                    {
                        Interlocked.Increment(ref changed);
                    }
                });
        }
        while (claimed.Count == ClaimBatch);

        if (changed > 0)
        {
            outboxSignal.Notify();
            notificationSignal.Notify();
        }
        metrics.SetFiring(await alerts.CountFiringAsync(ct));
    }

    /// <returns>true when the rule's alert started or stopped firing.</returns>
    private async Task<bool> EvaluateAsync(Metrics.MetricsClient client, AlertRule rule, DateTimeOffset now, CancellationToken ct)
    {
        KpiSample sample;
        try
        {
            sample = await FetchSampleAsync(client, rule, now, ct);
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            // The alert keeps its state; the rule is due again next interval.
            metrics.Evaluated("error");
            logger.LogWarning("Rule {RuleId} of {Tenant}: metrics call for {Kpi} failed: {Status} {Detail}",
                rule.Id, rule.Tenant, rule.Kpi, ex.StatusCode, ex.Status.Detail);
            return false;
        }

        try
        {
            var decision = await ApplyAsync(rule, sample, now, ct);
            metrics.Evaluated("ok");
            if (decision is AlertDecision.Fire or AlertDecision.Resolve)
            {
                logger.LogInformation("Rule {RuleId} ({RuleName}) of {Tenant}: {Decision}, {Kpi} = {Value}",
                    rule.Id, rule.Name, rule.Tenant, decision, rule.Kpi, sample.Value);
                return true;
            }
            return false;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            metrics.Evaluated("error");
            logger.LogError(ex, "Rule {RuleId} of {Tenant}: recording the evaluation failed", rule.Id, rule.Tenant);
            return false;
        }
    }

    private static async Task<KpiSample> FetchSampleAsync(Metrics.MetricsClient client, AlertRule rule, DateTimeOffset now, CancellationToken ct)
    {
        var request = new GetKpiSeriesRequest
        {
            Kpi = rule.Kpi,
            From = Timestamp.FromDateTimeOffset(now - rule.Window),
            To = Timestamp.FromDateTimeOffset(now),
            Granularity = Granularity.Minute,
        };
        foreach (var (key, value) in rule.Filters)
        {
            request.Filters[key] = value;
        }
        var series = await client.GetKpiSeriesAsync(request, GrpcExtensions.ForTenant(rule.Tenant, ct));
        var total = series.Total;
        return total is null ? KpiSample.NoData : KpiSample.From(total.HasValue, total.Value, total.Numerator, total.Denominator);
    }

    /// <summary>Under the rule's row lock: read the alert state, decide, write the effects, in one transaction.</summary>
    private async Task<AlertDecision> ApplyAsync(AlertRule rule, KpiSample sample, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var held = await RuleRepository.LockAsync(conn, tx, rule.Id, tenant: null, ct);
        if (held is null || held.DeletedAt is not null || held.LastEvaluatedAt >= now)
        {
            // Deleted meanwhile, or a replica already applied a sample at least as fresh as ours.
            await tx.RollbackAsync(ct);
            return AlertDecision.Nothing;
        }

        var firing = await AlertRepository.GetFiringAsync(conn, tx, rule.Id, ct);
        var decision = AlertDecisions.Decide(rule.Condition, sample, firing is null ? AlertState.Inactive : AlertState.Firing);
        var context = new PipelineContext(now);
        switch (decision)
        {
            case AlertDecision.Fire:
                await AlertTransitions.RecordAsync(conn, tx, new AlertTransition(
                    NotificationKind.Firing, rule, Guid.CreateVersion7(now), AlertFingerprint.Of(rule), sample.Value, now, now), context, ct);
                break;
            case AlertDecision.Resolve:
                await AlertTransitions.RecordAsync(conn, tx, new AlertTransition(
                    NotificationKind.Resolved, rule, firing!.Id, firing.Fingerprint, sample.Value, firing.StartedAt, now), context, ct);
                break;
            case AlertDecision.StayFiring when AlertDecisions.HasEnoughData(rule.Condition, sample):
                await AlertRepository.UpdateLastValueAsync(conn, tx, firing!.Id, sample.Value, now, ct);
                break;
        }
        await RuleRepository.MarkEvaluatedAsync(conn, tx, rule.Id, now, ct);
        await tx.CommitAsync(ct);
        return decision;
    }
}
