using Suite.Alerting.Domain.Labels;
using Suite.Alerting.Domain.Routing;
using static Suite.Alerting.Tests.Domain.Routing.RoutingTestData;

namespace Suite.Alerting.Tests.Domain.Routing;

public sealed class RoutingTreeTests
{
    private static readonly TimeSpan S10 = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan S30 = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan M5 = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan H4 = TimeSpan.FromHours(4);

    // The example of Alertmanager's configuration docs, plus a continue branch and a nested route:
    // route:
    //   receiver: default-receiver
    //   group_wait: 30s, group_interval: 5m, repeat_interval: 4h
    //   group_by: [cluster, alertname]
    //   routes:
    //   - receiver: database-pager            # root/0
    //     group_wait: 10s
    //     matchers: [service=~"mysql|cassandra"]
    //   - receiver: frontend-pager            # root/1
    //     group_by: [product, environment]
    //     matchers: [team="frontend"]
    //     routes:
    //     - matchers: [severity="critical"]   # root/1/0: inherits frontend-pager and its group_by
    //       repeat_interval: 1h
    //   - receiver: audit-log                 # root/2
    //     matchers: [tenant=~".+"]
    //     continue: true
    //   - receiver: tenant-pager              # root/3
    //     matchers: [tenant="acme"]
    private static readonly RoutingTree Tree = new(new Route
    {
        Receiver = "default-receiver",
        GroupWait = S30,
        GroupInterval = M5,
        RepeatInterval = H4,
        GroupBy = ["cluster", "alertname"],
        Routes =
        [
            new Route { Receiver = "database-pager", GroupWait = S10, Matchers = M("service=~mysql|cassandra") },
            new Route
            {
                Receiver = "frontend-pager",
                GroupBy = ["product", "environment"],
                Matchers = M("team=frontend"),
                Routes = [new Route { Matchers = M("severity=critical"), RepeatInterval = TimeSpan.FromHours(1) }],
            },
            new Route { Receiver = "audit-log", Matchers = M("tenant=~.+"), Continue = true },
            new Route { Receiver = "tenant-pager", Matchers = M("tenant=acme") },
        ],
    });

    [Theory]
    [InlineData("alertname=DiskFull", "root:default-receiver")]                          // nothing matches: the root
    [InlineData("service=mysql", "root/0:database-pager")]
    [InlineData("service=cassandra,team=frontend", "root/0:database-pager")]             // first match wins
    [InlineData("team=frontend", "root/1:frontend-pager")]                               // children don't match: the node itself
    [InlineData("team=frontend,severity=critical", "root/1/0:frontend-pager")]
    [InlineData("tenant=globex", "root/2:audit-log")]                                    // continue, but no later sibling matches
    [InlineData("tenant=acme", "root/2:audit-log|root/3:tenant-pager")]                  // continue: both
    [InlineData("service=mysql,tenant=acme", "root/0:database-pager")]                   // root/0 has no continue: stops there
    public void Matches_depth_first_with_continue(string labels, string expected)
    {
        var matches = Tree.Match(L(labels.Split(',')));
        Assert.Equal(expected, string.Join("|", matches.Select(m => $"{m.Path}:{m.Receiver}")));
    }

    [Fact]
    public void Settings_are_inherited_when_unset()
    {
        var root = Tree.Match(L("a=b"))[0];
        Assert.Equal(("root", "default-receiver", new GroupTiming(S30, M5, H4)), (root.Path, root.Receiver, root.Timing));
        Assert.Equal(["cluster", "alertname"], root.GroupBy);

        var database = Tree.Match(L("service=mysql"))[0];
        Assert.Equal(("database-pager", new GroupTiming(S10, M5, H4)), (database.Receiver, database.Timing));
        Assert.Equal(["cluster", "alertname"], database.GroupBy);

        var critical = Tree.Match(L("team=frontend", "severity=critical"))[0];
        Assert.Equal(("frontend-pager", new GroupTiming(S30, M5, TimeSpan.FromHours(1))), (critical.Receiver, critical.Timing));
        Assert.Equal(["product", "environment"], critical.GroupBy);
        Assert.All(new[] { root, database, critical }, m => Assert.True(m.Grouped, $"{m.Path} inherits group_by"));
    }

    [Fact]
    public void Only_routes_with_group_by_on_their_path_group()
    {
        var tree = new RoutingTree(new Route
        {
            Receiver = "default",
            Routes = [new Route { Matchers = [LabelMatcher.Parse("team=\"ops\"")], GroupBy = ["team"], Routes = [new Route { Matchers = [LabelMatcher.Parse("x=\"y\"")] }] }],
        });
        Assert.False(tree.Match(L("team=eng"))[0].Grouped);
        Assert.True(tree.Match(L("team=ops"))[0].Grouped);
        Assert.True(tree.Match(L("team=ops", "x=y"))[0].Grouped);
    }

    [Fact]
    public void An_unset_root_takes_alertmanagers_defaults()
    {
        var match = Assert.Single(new RoutingTree(new Route { Receiver = "default" }).Match(L("x=y")));
        Assert.Equal(new GroupTiming(S30, M5, H4), match.Timing);
        Assert.Empty(match.GroupBy);
        Assert.False(match.GroupByAll);
        Assert.False(match.Grouped);
    }

    [Fact]
    public void A_continue_child_that_matches_deeper_still_lets_siblings_match()
    {
        var tree = new RoutingTree(new Route
        {
            Receiver = "default",
            Routes =
            [
                new Route { Receiver = "a", Continue = true, Routes = [new Route { Receiver = "a-deep", Matchers = M("x=1") }] },
                new Route { Receiver = "b", Matchers = M("x=2") },
                new Route { Receiver = "c" },
            ],
        });
        Assert.Equal(["a-deep", "c"], tree.Match(L("x=1")).Select(m => m.Receiver));
        Assert.Equal(["a", "b"], tree.Match(L("x=2")).Select(m => m.Receiver));
    }

    [Fact]
    public void A_root_without_receiver_cannot_be_built() =>
        Assert.Equal("root", Assert.Throws<ArgumentException>(() => new RoutingTree(new Route())).ParamName);

    private static readonly HashSet<string> Receivers = ["default", "ops"];

    public static TheoryData<Route, string, string> Invalid => new()
    {
        { new Route(), "route.receiver", "the root route needs a receiver" },
        { new Route { Receiver = "nobody" }, "route.receiver", "unknown receiver 'nobody'" },
        { new Route { Receiver = "default", Matchers = M("team=ops") }, "route.matchers", "the root route must not have matchers: it catches every alert" },
        { new Route { Receiver = "default", Continue = true }, "route.continue", "the root route cannot continue: it has no siblings" },
        { new Route { Receiver = "default", GroupInterval = TimeSpan.Zero }, "route.group_interval", "group_interval must be above 0" },
        { new Route { Receiver = "default", RepeatInterval = TimeSpan.Zero }, "route.repeat_interval", "repeat_interval must be above 0" },
        { new Route { Receiver = "default", GroupWait = TimeSpan.FromSeconds(-1) }, "route.group_wait", "group_wait must not be negative" },
        { new Route { Receiver = "default", GroupBy = ["...", "team"] }, "route.group_by", "'...' (all labels) cannot be combined with other labels" },
        { new Route { Receiver = "default", GroupBy = ["team", "team"] }, "route.group_by", "'team' is listed twice" },
        { new Route { Receiver = "default", GroupBy = ["te-am"] }, "route.group_by", "'te-am' is not a label name" },
        {
            new Route { Receiver = "default", Routes = [new Route { Receiver = "ops" }, new Route { Routes = [new Route { Receiver = "pager" }] }] },
            "route.routes[1].routes[0].receiver", "unknown receiver 'pager'"
        },
        {
            new Route { Receiver = "default", Routes = [new Route { Matchers = M("a=b"), GroupInterval = TimeSpan.Zero }] },
            "route.routes[0].group_interval", "group_interval must be above 0"
        },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validation_names_the_field(Route root, string field, string description) =>
        Assert.Equal([(field, description)], RoutingTree.Validate(root, Receivers).Select(v => (v.Field, v.Description)));

    [Fact]
    public void A_zero_group_wait_and_all_labels_are_valid() =>
        Assert.Empty(RoutingTree.Validate(
            new Route { Receiver = "default", GroupWait = TimeSpan.Zero, GroupBy = ["..."], Routes = [new Route { Receiver = "ops", Continue = true }] },
            Receivers));
}
