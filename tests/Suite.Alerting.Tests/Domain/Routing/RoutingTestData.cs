using Suite.Alerting.Domain.Labels;

namespace Suite.Alerting.Tests.Domain.Routing;

internal static class RoutingTestData
{
    /// <summary>Labels from "name=value" pairs.</summary>
    public static IReadOnlyDictionary<string, string> L(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    public static IReadOnlyList<LabelMatcher> M(params string[] matchers) => matchers.Select(LabelMatcher.Parse).ToList();
}
