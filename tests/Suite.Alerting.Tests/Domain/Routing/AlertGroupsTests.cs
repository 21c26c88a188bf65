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
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Theory]
    // last flush, planned flush (s after T; -1 = none), another alert of the group open, now (s) → flush at (s)
    [InlineData(-1, -1, false, 0, 30)]       // a new group waits group_wait
    [InlineData(-1, -1, true, 0, 30)]        // open alerts but never flushed (all were held or dropped): still new
    [InlineData(-1, 30, true, 10, 30)]       // a flush is planned: join it
    [InlineData(-1, 30, true, 45, 45)]       // a planned flush running late: at once, never later
    [InlineData(100, -1, true, 150, 400)]    // the group lives: group_interval after the last flush
    [InlineData(100, -1, true, 500, 500)]    // the interval has passed: at once
    [InlineData(100, -1, false, 150, 180)]   // the group ended (its alerts resolved): a new one waits group_wait
    [InlineData(100, 400, false, 150, 400)]  // a planned flush is joined whatever else
    public void Flush_time_follows_group_wait_then_group_interval(int lastFlush, int planned, bool active, int now, int flushAt)
    {
        var schedule = new GroupSchedule(lastFlush < 0 ? null : T.AddSeconds(lastFlush), planned < 0 ? null : T.AddSeconds(planned));
        Assert.Equal(T.AddSeconds(flushAt), GroupTimer.FlushAt(schedule, active, Wait, Interval, T.AddSeconds(now)));
    }

    [Fact]
    public void A_group_never_seen_waits_group_wait_and_zero_means_at_once()
    {
        Assert.Equal(T + Wait, GroupTimer.FlushAt(null, active: false, Wait, Interval, T));
        Assert.Equal(T, GroupTimer.FlushAt(null, active: true, TimeSpan.Zero, Interval, T));
    }
}
