using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Npgsql;
using Suite.Alerting.Configuration;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Incidents;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Jobs.DocumentRules;

/// <summary>
/// One evaluation of every due KPI rule of the tenants' configuration documents: sync rule_states with each
/// document version → claim due rules (lease) → fetch the KPI from metrics → <see cref="RuleEvaluation"/> (pure, with
/// the stored memory) → open an incident when the rule starts firing, resolve it when it stops; memory saved each
/// time. Incidents then escalate like event alerts.
/// </summary>
public sealed class KpiRuleCycle(
    NpgsqlDataSource db,
    IConfigSource configs,
    IncidentIntake intake,
    IncidentActions actions,
    EscalationSignal escalation,
    GrpcClientFactory grpcClients,
    AlertingOptions options,
    AlertingMetrics metrics,
    TimeProvider clock,
    ILogger<KpiRuleCycle> logger)
{
    public const int ClaimBatch = 500;
    public const string ResolvedBy = "rule";
    private readonly ConcurrentDictionary<string, int> _synced = new(StringComparer.Ordinal);

    /// <returns>How many rules were evaluated.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var tenant in await RuleStateStore.TenantsWithConfigAsync(db, ct))
        {
            var config = await configs.GetAsync(tenant, ct);
            if (!_synced.TryGetValue(tenant, out var version) || version != config.Version)
            {
                await RuleStateStore.SyncAsync(db, config, now, ct);
                _synced[tenant] = config.Version;
            }
        }

        var client = grpcClients.CreateClient<Metrics.MetricsClient>(nameof(Metrics.MetricsClient));
        var evaluated = 0;
        IReadOnlyList<RuleState> claimed;
        do
        {
            // Due again a little before the next tick, so a tick that starts early does not skip a whole interval.
            claimed = await RuleStateStore.ClaimDueAsync(db, now, now + options.EvaluationInterval * 0.8, ClaimBatch, ct);
            var unchanged = new ConcurrentBag<RuleState>();
            await Parallel.ForEachAsync(claimed,
                new ParallelOptions { MaxDegreeOfParallelism = options.EvaluationConcurrency, CancellationToken = ct },
                async (state, token) => await EvaluateAsync(client, state, now, unchanged, token));
            // Rules that neither start nor stop firing only need their memory saved: one statement for the batch
            // instead of a transaction each (the commit's WAL flush per rule was half the cycle, docs/benchmarks.md).
            await RuleStateStore.SaveManyAsync(db, unchanged.ToList(), now, ct);
            evaluated += claimed.Count;
        }
        while (claimed.Count == ClaimBatch);
        if (evaluated > 0)
        {
            metrics.KpiCycle(evaluated, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        return evaluated;
    }

    /// <param name="unchanged">Where a rule that neither starts nor stops firing leaves its new state, saved with the batch.</param>
    private async Task EvaluateAsync(Metrics.MetricsClient client, RuleState state, DateTimeOffset now, ConcurrentBag<RuleState> unchanged, CancellationToken ct)
    {
        var config = await configs.GetAsync(state.Tenant, ct);
        if (config.Rules.FirstOrDefault(r => r.Name == state.Rule && r.Condition is not null) is not { } rule)
        {
            return;   // removed from the document: the next sync drops its row
        }
        try
        {
            var series = await FetchAsync(client, rule, state.Tenant, now, ct);
            var outcome = RuleEvaluation.Evaluate(rule.Condition!, KpiRuleInputs.ToSeries(rule, series, now), state.Memory, now);
            if (StartsOrStops(outcome, state.Firing))
            {
                await ApplyAsync(rule, state, outcome, now, ct);
            }
            else
            {
                unchanged.Add(state with { Memory = outcome.Memory });
            }
            metrics.Evaluated("ok");
        }
        catch (Exception ex) when (ex is RpcException or NpgsqlException && !ct.IsCancellationRequested)
        {
            // The rule keeps its state and is due again next interval.
            metrics.Evaluated("error");
            logger.LogWarning("Rule {Rule} of {Tenant}: evaluation failed: {Error}", rule.Name, state.Tenant, ex.Message);
        }
    }

    /// <summary>Whether the outcome opens or resolves an incident (anything else keeps <paramref name="firing"/>).</summary>
    private static bool StartsOrStops(RuleOutcome outcome, bool firing) =>
        (outcome is RuleOutcome.Firing && !firing) || (outcome is RuleOutcome.Inactive && firing);

    private async Task ApplyAsync(CompiledRule rule, RuleState state, RuleOutcome outcome, DateTimeOffset now, CancellationToken ct)
    {
        var firing = outcome switch
        {
            RuleOutcome.Firing => true,
            RuleOutcome.Inactive => false,
            _ => state.Firing,   // pending or no data: keep what it was
        };
        if (outcome is RuleOutcome.Inactive && state.Firing)
        {
            await ResolveAsync(rule, state.Tenant, ct);
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var opened = false;
        if (outcome is RuleOutcome.Firing f && !state.Firing)
        {
            var alert = KpiRuleAlerts.For(rule, state.Tenant, f.Value, f.Reason);
            var raised = await intake.RaiseAsync(conn, tx, state.Tenant, alert.Labels, alert.Annotations, alert.Severity, now, ct);
            opened = raised.Outcome == RaiseOutcome.Opened;
            logger.LogInformation("Rule {Rule} of {Tenant} fires ({Reason}): {Outcome}", rule.Name, state.Tenant, f.Reason, raised.Outcome);
        }
        await RuleStateStore.SaveAsync(conn, tx, state with { Memory = outcome.Memory, Firing = firing }, now, ct);
        await tx.CommitAsync(ct);
        if (opened)
        {
            escalation.Notify();
        }
    }

    private async Task ResolveAsync(CompiledRule rule, string tenant, CancellationToken ct)
    {
        var fingerprint = AlertFingerprint.Of(tenant, KpiRuleAlerts.Labels(rule, tenant));
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await IncidentStore.OpenIdAsync(conn, null, tenant, fingerprint, ct) is { } id)
        {
            await actions.ResolveAsync(id, tenant, ResolvedBy, ct);
            logger.LogInformation("Rule {Rule} of {Tenant} stopped firing: incident {Incident} resolved", rule.Name, tenant, id);
        }
    }

    private static async Task<KpiSeries> FetchAsync(Metrics.MetricsClient client, CompiledRule rule, string tenant, DateTimeOffset now, CancellationToken ct)
    {
        var request = new GetKpiSeriesRequest
        {
            Kpi = rule.Kpi,
            From = Timestamp.FromDateTimeOffset(now - KpiRuleInputs.LookbackOf(rule)),
            To = Timestamp.FromDateTimeOffset(now),
            Granularity = KpiRuleInputs.GranularityOf(KpiRuleInputs.StepOf(rule)),
        };
        foreach (var (key, value) in rule.Filters)
        {
            request.Filters[key] = value;
        }
        return await client.GetKpiSeriesAsync(request, GrpcExtensions.ForTenant(tenant, ct));
    }
}
