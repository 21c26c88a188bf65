using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class FunnelTests
{
    private static readonly DateTimeOffset T = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FunnelQuery ThreeSteps = new([new("shop", "VIEW"), new("shop", "CART"), new("shop", "BUY")], TimeSpan.FromHours(1), T, T.AddDays(1));

    // Events as "TYPE@minutes" (minutes after T; negative = before the range).
    [Theory]
    [InlineData(3, "VIEW@0", "CART@10", "BUY@20")]
    [InlineData(2, "VIEW@0", "BUY@10", "CART@20")]            // order matters: a BUY before the CART does not count
    [InlineData(2, "VIEW@0", "CART@10", "BUY@61")]            // window measured from step 1
    [InlineData(3, "VIEW@0", "CART@10", "BUY@60")]            // window end is inclusive
    [InlineData(0, "VIEW@-5", "CART@10", "BUY@20")]           // step 1 must be in range
    [InlineData(3, "VIEW@-5", "VIEW@5", "CART@10", "BUY@20")] // first step-1 event in range
    [InlineData(2, "VIEW@0", "VIEW@50", "CART@55", "BUY@70")] // first step 1 counts, not a later one
    [InlineData(3, "VIEW@1439", "CART@1450", "BUY@1460")]     // later steps may fall after `to`
    [InlineData(0, "CART@10", "BUY@20")]
    public void Steps_reached_follow_the_rule(int reached, params string[] events) =>
        Assert.Equal(reached, Funnel.StepsReached(Parse(events), ThreeSteps));

    [Fact]
    public void A_repeated_step_needs_a_later_event()
    {
        var twice = ThreeSteps with { Steps = [new("shop", "VIEW"), new("shop", "VIEW")] };
        Assert.Equal(1, Funnel.StepsReached(Parse(["VIEW@0"]), twice));
        Assert.Equal(2, Funnel.StepsReached(Parse(["VIEW@0", "VIEW@0"]), twice)); // same second, another event
    }

    [Fact]
    public void Compute_counts_users_per_step_with_rates()
    {
        var events = Parse(["VIEW@0", "CART@1", "BUY@2"], "a").Concat(Parse(["VIEW@0", "CART@1"], "b"))
            .Concat(Parse(["VIEW@0"], "c")).Concat(Parse(["VIEW@0"], "d")).ToList();
        var result = Funnel.Compute(events, ThreeSteps);
        Assert.Equal([(4L, (double?)null, (double?)1.0), (2L, 0.5, 0.5), (1L, 0.5, 0.25)], result.Steps.Select(s => (s.Users, s.FromPrevious, s.FromFirst)));
        Assert.Equal(0.25, result.Overall);

        var empty = Funnel.Compute([], ThreeSteps);
        Assert.Equal([0L, 0L, 0L], empty.Steps.Select(s => s.Users));
        Assert.True(empty.Overall is null && empty.Steps.All(s => s.FromFirst is null && s.FromPrevious is null));
    }

    private static IReadOnlyList<UserEvent> Parse(string[] events, string user = "u") => events.Select(e =>
    {
        var parts = e.Split('@');
        return new UserEvent(Guid.NewGuid(), user, "shop", parts[0], T.AddMinutes(int.Parse(parts[1])));
    }).ToList();
}
