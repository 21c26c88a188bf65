using System.Collections.Concurrent;
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
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Jobs.DocumentRules;

/// <summary>
/// One evaluation of every due KPI rule of the tenants' configuration documents: sync rule_states with each
/// document version → claim due rules (lease) → fetch their KPIs from metrics, batched per tenant with identical
/// queries asked once (<see cref="KpiQueryPlan"/>) → <see cref="RuleEvaluation"/> (pure, with the stored memory) →
/// open an incident when the rule starts firing, resolve it when it stops; memory saved each time. Incidents then
/// escalate like event alerts. System scope: it lists the tenants with a configuration and claims the due rule
/// states of all of them.
/// </summary>
public sealed class KpiRuleCycle(
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db,
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

    /// <summary>Distinct queries per GetKpiSeriesBatch call (metrics takes up to 500): a claimed batch still makes a few calls in flight.</summary>
    public const int QueriesPerCall = 200;

    /// <summary>Buckets per call, half of what metrics accepts: responses stay near 1.5 MB.</summary>
    public const long PointsPerCall = 50_000;

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
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EvaluationConcurrency, CancellationToken = ct };
        var evaluated = 0;
        IReadOnlyList<RuleState> claimed;
        do
        {
            // Due again a little before the next tick, so a tick that starts early does not skip a whole interval.
            claimed = await RuleStateStore.ClaimDueAsync(db, now, now + options.EvaluationInterval * 0.8, ClaimBatch, ct);
            var calls = KpiQueryPlan.For(await RulesOfAsync(claimed, ct), now, QueriesPerCall, PointsPerCall);
            var unchanged = new ConcurrentBag<RuleState>();
            var transitions = new ConcurrentBag<(PlannedRule Planned, RuleOutcome Outcome)>();
            // Each call's rules are evaluated (pure, cheap) as soon as its answer arrives, while other calls are in flight.
            await Parallel.ForEachAsync(calls, parallel, async (call, token) =>
            {
                var answers = await FetchAsync(client, call, token);
                foreach (var planned in call.Rules)
                {
                    Evaluate(planned, answers[planned.Query], now, unchanged, transitions);
                }
            });
            // Opening or resolving an incident is a transaction each: these run side by side as the fetches did.
            await Parallel.ForEachAsync(transitions, parallel, async (t, token) => await ApplyOrLogAsync(t.Planned, t.Outcome, now, token));
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

    /// <summary>The claimed rules still in their tenant's document (a removed one is skipped: the next sync drops its row).</summary>
    private async Task<List<(RuleState State, CompiledRule Rule)>> RulesOfAsync(IReadOnlyList<RuleState> claimed, CancellationToken ct)
    {
        var rules = new List<(RuleState, CompiledRule)>(claimed.Count);
        CompiledConfig? config = null;
        foreach (var state in claimed)
        {
            if (config?.Tenant != state.Tenant)
            {
                config = await configs.GetAsync(state.Tenant, ct);
            }
            if (config.RulesByName.TryGetValue(state.Rule, out var rule) && rule.Condition is not null)
            {
                rules.Add((state, rule));
            }
        }
        return rules;
    }

    /// <summary>
    /// One answer per query of the call: its series, or the error that is its rules' evaluation error (the query's
    /// own, or the whole call's when the call failed).
    /// </summary>
    private static async Task<IReadOnlyList<SeriesAnswer>> FetchAsync(Metrics.MetricsClient client, KpiBatchCall call, CancellationToken ct)
    {
        var request = new GetKpiSeriesBatchRequest { Queries = { call.Queries } };
        try
        {
            var response = await client.GetKpiSeriesBatchAsync(request, GrpcExtensions.ForTenant(call.Tenant, ct));
            if (response.Results.Count != call.Queries.Count)
            {
                var wrong = new SeriesAnswer(null, $"metrics answered {response.Results.Count} results to {call.Queries.Count} queries");
                return Enumerable.Repeat(wrong, call.Queries.Count).ToList();
            }
            return response.Results.Select(r => r.Series is { } series
                    ? new SeriesAnswer(series, null)
                    // Worded as a failed single call would be, so the log reads the same either way.
                    : new SeriesAnswer(null, new RpcException(new Status((StatusCode)(r.Error?.Code ?? (int)StatusCode.Unknown), r.Error?.Message ?? "no result")).Message))
                .ToList();
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            return Enumerable.Repeat(new SeriesAnswer(null, ex.Message), call.Queries.Count).ToList();
        }
    }

    /// <summary>What metrics answered one query: a series, or why not.</summary>
    private sealed record SeriesAnswer(KpiSeries? Series, string? Error);

    /// <param name="unchanged">Where a rule that neither starts nor stops firing leaves its new state, saved with the batch.</param>
    /// <param name="transitions">Where a rule that starts or stops firing goes, applied in a transaction of its own.</param>
    private void Evaluate(PlannedRule planned, SeriesAnswer answer, DateTimeOffset now,
        ConcurrentBag<RuleState> unchanged, ConcurrentBag<(PlannedRule, RuleOutcome)> transitions)
    {
        var (state, rule) = (planned.State, planned.Rule);
        if (answer.Series is not { } series)
        {
            // The rule keeps its state and is due again next interval.
            metrics.Evaluated("error");
            logger.LogWarning("Rule {Rule} of {Tenant}: evaluation failed: {Error}", rule.Name, state.Tenant, answer.Error);
            return;
        }
        var outcome = RuleEvaluation.Evaluate(rule.Condition!, KpiRuleInputs.ToSeries(rule, series, now), state.Memory, now);
        if (StartsOrStops(outcome, state.Firing))
        {
            transitions.Add((planned, outcome));
            return;
        }
        unchanged.Add(state with { Memory = outcome.Memory });
        metrics.Evaluated("ok");
    }

    private async Task ApplyOrLogAsync(PlannedRule planned, RuleOutcome outcome, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await ApplyAsync(planned.Rule, planned.State, outcome, now, ct);
            metrics.Evaluated("ok");
        }
        catch (Exception ex) when (ex is RpcException or NpgsqlException && !ct.IsCancellationRequested)
        {
            // The rule keeps its state and is due again next interval.
            metrics.Evaluated("error");
            logger.LogWarning("Rule {Rule} of {Tenant}: evaluation failed: {Error}", planned.Rule.Name, planned.State.Tenant, ex.Message);
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
}
