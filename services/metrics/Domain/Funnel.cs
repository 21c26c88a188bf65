namespace Suite.Metrics.Domain;

public sealed record FunnelStep(string Domain, string Type);

public sealed record FunnelQuery(IReadOnlyList<FunnelStep> Steps, TimeSpan Window, DateTimeOffset From, DateTimeOffset To);

/// <summary>Users reaching a step; rates null when their denominator is 0.</summary>
public sealed record FunnelStepResult(FunnelStep Step, long Users, double? FromPrevious, double? FromFirst);

public sealed record FunnelResult(IReadOnlyList<FunnelStepResult> Steps, double? Overall);

/// <summary>
/// Ordered funnel, pure. A user's events are ordered by (occurred_at, event_id). Step 1 = the user's first event of
/// step 1 with occurred_at in [from, to) (t1). Step k = the first event of step k strictly after step k−1's event in
/// that order with occurred_at &lt;= t1 + window (later steps may fall after `to`). A user reaching step k reached
/// every earlier step.
/// </summary>
public static class Funnel
{
    /// <summary>How many steps (1..n) the user reached; 0 when step 1 is not in the range.</summary>
    public static int StepsReached(IEnumerable<UserEvent> userEvents, FunnelQuery query)
    {
        var ordered = userEvents.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).ToList();
        var first = query.Steps[0];
        var start = ordered.FindIndex(e => Is(e, first) && e.OccurredAt >= query.From && e.OccurredAt < query.To);
        if (start < 0)
        {
            return 0;
        }
        var deadline = ordered[start].OccurredAt + query.Window;
        var reached = 1;
        var position = start;
        for (var k = 1; k < query.Steps.Count; k++)
        {
            var step = query.Steps[k];
            var next = ordered.FindIndex(position + 1, e => Is(e, step));
            if (next < 0 || ordered[next].OccurredAt > deadline)
            {
                break;
            }
            reached++;
            position = next;
        }
        return reached;
    }

    public static FunnelResult Compute(IEnumerable<UserEvent> events, FunnelQuery query)
    {
        var reachedCounts = new long[query.Steps.Count];
        foreach (var user in events.GroupBy(e => e.UserId, StringComparer.Ordinal))
        {
            var reached = StepsReached(user, query);
            for (var k = 0; k < reached; k++)
            {
                reachedCounts[k]++;
            }
        }
        var results = query.Steps.Select((step, k) => new FunnelStepResult(step, reachedCounts[k],
            k == 0 ? null : Rate(reachedCounts[k], reachedCounts[k - 1]), Rate(reachedCounts[k], reachedCounts[0]))).ToList();
        return new FunnelResult(results, Rate(reachedCounts[^1], reachedCounts[0]));
    }

    private static bool Is(UserEvent e, FunnelStep step) => e.Domain == step.Domain && e.Type == step.Type;

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
