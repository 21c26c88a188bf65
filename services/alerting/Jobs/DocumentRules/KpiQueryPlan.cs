using Google.Protobuf.WellKnownTypes;
using Suite.Alerting.Configuration.Runtime;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;

namespace Suite.Alerting.Jobs.DocumentRules;

/// <summary>A claimed rule with its compiled definition and which query of its call answers it.</summary>
public sealed record PlannedRule(RuleState State, CompiledRule Rule, int Query);

/// <summary>One GetKpiSeriesBatch call: a tenant's distinct queries, and the rules each one answers.</summary>
public sealed record KpiBatchCall(string Tenant, IReadOnlyList<GetKpiSeriesRequest> Queries, IReadOnlyList<PlannedRule> Rules);

/// <summary>
/// Which metrics calls a cycle's claimed rules need (pure): rules of a tenant that ask the same thing (KPI, filters,
/// range, granularity) share one query; a tenant's queries go out in calls of at most <c>maxQueries</c> queries and
/// <c>maxPoints</c> buckets (a response stays well under gRPC's 4 MB message limit).
/// </summary>
public static class KpiQueryPlan
{
    public static IReadOnlyList<KpiBatchCall> For(IEnumerable<(RuleState State, CompiledRule Rule)> rules, DateTimeOffset now, int maxQueries, long maxPoints)
    {
        var calls = new List<KpiBatchCall>();
        foreach (var tenant in rules.GroupBy(r => r.State.Tenant, StringComparer.Ordinal))
        {
            // Generated messages compare by value (map fields regardless of order): equal requests are one query.
            var queries = new Dictionary<GetKpiSeriesRequest, List<(RuleState State, CompiledRule Rule)>>();
            foreach (var rule in tenant)
            {
                var request = RequestFor(rule.Rule, now);
                if (!queries.TryGetValue(request, out var asking))
                {
                    queries[request] = asking = [];
                }
                asking.Add(rule);
            }

            var callQueries = new List<GetKpiSeriesRequest>();
            var callRules = new List<PlannedRule>();
            long callPoints = 0;
            foreach (var (request, asking) in queries)
            {
                var points = PointsOf(request);
                if (callQueries.Count > 0 && (callQueries.Count == maxQueries || callPoints + points > maxPoints))
                {
                    calls.Add(new KpiBatchCall(tenant.Key, callQueries, callRules));
                    (callQueries, callRules, callPoints) = ([], [], 0);
                }
                callRules.AddRange(asking.Select(r => new PlannedRule(r.State, r.Rule, callQueries.Count)));
                callQueries.Add(request);
                callPoints += points;
            }
            if (callQueries.Count > 0)
            {
                calls.Add(new KpiBatchCall(tenant.Key, callQueries, callRules));
            }
        }
        return calls;
    }

    /// <summary>What a KPI rule asks metrics at <paramref name="now"/>.</summary>
    public static GetKpiSeriesRequest RequestFor(CompiledRule rule, DateTimeOffset now)
    {
        var request = new GetKpiSeriesRequest
        {
            Kpi = rule.Kpi ?? "",   // none: metrics answers "kpi is required" for this query alone
            From = Timestamp.FromDateTimeOffset(now - KpiRuleInputs.LookbackOf(rule)),
            To = Timestamp.FromDateTimeOffset(now),
            Granularity = KpiRuleInputs.GranularityOf(KpiRuleInputs.StepOf(rule)),
        };
        foreach (var (key, value) in rule.Filters)
        {
            request.Filters[key] = value;
        }
        return request;
    }

    /// <summary>The buckets metrics answers for the request (as it counts them: the first starts at or before from).</summary>
    public static long PointsOf(GetKpiSeriesRequest request)
    {
        var step = request.Granularity switch
        {
            Granularity.Day => TimeSpan.FromDays(1).Ticks,
            Granularity.Hour => TimeSpan.FromHours(1).Ticks,
            _ => TimeSpan.FromMinutes(1).Ticks,
        };
        var from = request.From.ToDateTimeOffset().UtcTicks;
        var to = request.To.ToDateTimeOffset().UtcTicks;
        return to <= from ? 0 : (to - (from - from % step) + step - 1) / step;
    }
}
