using Suite.Alerting.Domain.Routing;
using static Suite.Alerting.Tests.Domain.Routing.RoutingTestData;

namespace Suite.Alerting.Tests.Domain.Routing;

public sealed class AlertGroupsTests
{
    private static RouteMatch Route(string path, params string[] groupBy) => new(path, "r", groupBy, GroupTiming.Default);

    [Theory]
    [InlineData(new[] { "cluster", "alertname" }, "root:{alertname=\"HighLatency\",cluster=\"eu-1\"}")]
    [InlineData(new[] { "alertname", "cluster" }, "root:{alertname=\"HighLatency\",cluster=\"eu-1\"}")]   // order-free
    [InlineData(new[] { "alertname", "region" }, "root:{alertname=\"HighLatency\"}")]                      // missing label left out
    [InlineData(new[] { "alertname", "empty" }, "root:{alertname=\"HighLatency\"}")]                       // empty = missing
    [InlineData(new[] { "..." }, "root:{alertname=\"HighLatency\",cluster=\"eu-1\",note=\"say \\\"hi\\\"\\\\\",team=\"ops\"}")]
    [InlineData(new string[0], "root:{}")]                                                                   // one group for the route
    public void Keys_on_the_route_and_its_group_by_labels(string[] groupBy, string key)
    {
        var labels = L("alertname=HighLatency", "cluster=eu-1", "team=ops", "empty=", "note=say \"hi\"\\");
        Assert.Equal(key, AlertGroups.GroupKey(Route("root", groupBy), labels));
    }

    [Fact]
    public void The_same_labels_on_two_routes_are_two_groups()
    {
        var labels = L("alertname=X");
        Assert.NotEqual(
            AlertGroups.GroupKey(Route("root/2", "alertname"), labels),
            AlertGroups.GroupKey(Route("root/3", "alertname"), labels));
    }

    [Fact]
    public void Group_labels_are_the_picked_labels() =>
        Assert.Equal(
            new Dictionary<string, string> { ["team"] = "ops" },
            AlertGroups.GroupLabels(Route("root", "team", "region"), L("team=ops", "alertname=X")));

    private static readonly DateTimeOffset T = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly GroupTiming Timing = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));

    [Theory]
    // last flush (s after first seen; -1 = never), now (s after first seen) → next flush (s), due
    [InlineData(-1, 0, 30, false)]
    [InlineData(-1, 29, 30, false)]
    [InlineData(-1, 30, 30, true)]       // group_wait after the first alert
    [InlineData(-1, 600, 30, true)]
    [InlineData(31, 32, 331, false)]     // then group_interval after the last flush
    [InlineData(31, 331, 331, true)]
    public void Flushes_after_group_wait_then_every_group_interval(int lastFlush, int now, int next, bool due)
    {
        var state = new GroupState(T, lastFlush < 0 ? null : T.AddSeconds(lastFlush));
        Assert.Equal(T.AddSeconds(next), GroupTimer.NextFlush(state, Timing));
        Assert.Equal(due, GroupTimer.IsDue(state, Timing, T.AddSeconds(now)));
    }

    [Fact]
    public void Flushing_moves_the_clock_to_group_interval()
    {
        var flushed = GroupTimer.Flushed(new GroupState(T), T.AddSeconds(30));
        Assert.Equal(new GroupState(T, T.AddSeconds(30)), flushed);
        Assert.Equal(T.AddSeconds(330), GroupTimer.NextFlush(flushed, Timing));
    }

    [Fact]
    public void A_zero_group_wait_is_due_at_once() =>
        Assert.True(GroupTimer.IsDue(new GroupState(T), Timing with { GroupWait = TimeSpan.Zero }, T));
}
