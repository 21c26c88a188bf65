using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Jobs.DocumentRules;

namespace Suite.Alerting.Tests.Domain.DocumentRules;

public sealed class KpiQueryPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 30, 20, TimeSpan.Zero);

    private static (RuleState, CompiledRule) Rule(string tenant, string name, string kpi, TimeSpan? window = null, params (string Key, string Value)[] filters) =>
        (new RuleState(tenant, name, RuleMemory.Empty, false),
         new CompiledRule(name, "warning", new ThresholdCondition(Comparison.Above, 1, TimeSpan.Zero), null, kpi,
             filters.ToDictionary(f => f.Key, f => f.Value), new Dictionary<string, string>(), new Dictionary<string, string>(), window));

    [Fact]
    public void Rules_of_a_tenant_asking_the_same_thing_share_a_query_whatever_the_filter_order()
    {
        var calls = KpiQueryPlan.For(
        [
            Rule("a", "r1", "errors", null, ("country", "DE"), ("provider", "x")),
            Rule("a", "r2", "errors", null, ("provider", "x"), ("country", "DE")),
            Rule("a", "r3", "errors", TimeSpan.FromMinutes(10), ("country", "DE"), ("provider", "x")),
            Rule("b", "r1", "errors", null, ("country", "DE"), ("provider", "x")),
        ], Now, maxQueries: 200, maxPoints: 50_000);

        Assert.Equal(["a", "b"], calls.Select(c => c.Tenant));
        var a = calls[0];
        Assert.Equal(2, a.Queries.Count);
        Assert.Equal([0, 0, 1], a.Rules.Select(r => r.Query));
        Assert.Equal(["r1", "r2", "r3"], a.Rules.Select(r => r.Rule.Name));
        Assert.Equal(TimeSpan.FromMinutes(10), a.Queries[1].To.ToDateTimeOffset() - a.Queries[1].From.ToDateTimeOffset());
        Assert.Single(calls[1].Queries);
    }

    [Fact]
    public void A_tenants_queries_are_split_by_count_and_by_points()
    {
        var many = Enumerable.Range(0, 450).Select(i => Rule("a", $"r{i}", $"k{i}")).ToList();
        var byCount = KpiQueryPlan.For(many, Now, maxQueries: 200, maxPoints: 50_000);
        Assert.Equal([200, 200, 50], byCount.Select(c => c.Queries.Count));
        Assert.All(byCount, c => Assert.Equal(c.Queries.Count, c.Rules.Count));
        Assert.All(byCount, c => Assert.Equal(Enumerable.Range(0, c.Queries.Count), c.Rules.Select(r => r.Query)));

        // A day at minute steps is 1,441 buckets (the first starts before `from`): 34 of them fit in 50,000.
        var daily = Enumerable.Range(0, 40).Select(i => Rule("a", $"d{i}", $"k{i}", TimeSpan.FromDays(1))).ToList();
        Assert.Equal(1_441, KpiQueryPlan.PointsOf(KpiQueryPlan.RequestFor(daily[0].Item2, Now)));
        Assert.Equal([34, 6], KpiQueryPlan.For(daily, Now, maxQueries: 200, maxPoints: 50_000).Select(c => c.Queries.Count));
    }
}
