using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Domain.Labels;
using Suite.Alerting.Domain.Routing;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Events;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>The route's group_by / group_wait / group_interval and repeat_interval at runtime.</summary>
public sealed partial class EscalationTests
{
    [Fact]
    public async Task Alerts_of_a_group_go_out_together_after_group_wait_and_a_later_one_after_group_interval()
    {
        await using var host = await StartAsync(replicas: 1);
        var tenant = Tenant("group");
        var wait = TimeSpan.FromSeconds(4);
        var interval = TimeSpan.FromSeconds(4);
        _configs.Set(SecurityRoute(tenant, host, new Route
        {
            Matchers = [LabelMatcher.Parse("kind=\"security\"")],
            Receiver = "ops-slack",
            GroupBy = ["kind"],
            GroupWait = wait,
            GroupInterval = interval,
        }));

        for (var i = 1; i <= 3; i++)
        {
            await PublishAsync(host, new ThreatDetected(tenant, $"user-{i}", 0.9, "lock_account", DateTimeOffset.UtcNow));
        }
        await Eventually.TrueAsync(async () => await host.CountAsync(
            "select count(*) from incident_deliveries where tenant = @t and state = 'grouping'", ("t", tenant)) == 3, "three notifications waiting in the group");
        Assert.Empty(host.Slack.Delivered(tenant));

        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 1, "the group's message", 30);
        await WaitUntilDeliveredAsync(host);
        var grouped = Assert.Single(host.Slack.Delivered(tenant)).Json;
        Assert.Equal("[FIRING:3] kind=security", grouped["text"]!.GetValue<string>());
        var body = grouped.ToJsonString();
        Assert.All(new[] { "user-1", "user-2", "user-3" }, user => Assert.Contains($"Threat for {user}", body));
        Assert.Equal(3L, await host.CountAsync("select count(*) from incident_deliveries where tenant = @t and state = 'grouped'", ("t", tenant)));
        // The flush came group_wait after the first notification was decided, not before.
        var flushedAfter = (TimeSpan)(await ScalarAsync(host,
            "select g.created_at - min(d.created_at) from incident_deliveries g join incident_deliveries d on d.digest_id = g.id where g.tenant = @t and g.kind = 'group' group by g.created_at",
            ("t", tenant)))!;
        Assert.True(flushedAfter >= wait, $"flushed {flushedAfter} after the first alert");

        // The group lives on (its alerts are open): a new alert waits for group_interval after that flush.
        await PublishAsync(host, new ThreatDetected(tenant, "user-4", 0.9, "lock_account", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 2, "the fourth alert", 30);
        await WaitUntilDeliveredAsync(host);
        var single = host.Slack.Delivered(tenant)[1].Json;
        Assert.Contains("Threat detected", single["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        var sinceFlush = (TimeSpan)(await ScalarAsync(host,
            """
            select d.sent_at - g.created_at from incident_deliveries d, incident_deliveries g
            where d.tenant = @t and d.kind = 'firing' and d.state = 'sent' and g.tenant = @t and g.kind = 'group'
            """, ("t", tenant)))!;
        Assert.True(sinceFlush >= interval, $"sent {sinceFlush} after the group's flush");

        // Resolves are not grouped: each address that heard of the alert hears of its resolve at once.
        var first = (Guid)(await ScalarAsync(host, "select id from incidents where tenant = @t and labels->>'user_id' = 'user-1'", ("t", tenant)))!;
        await host.ClientFor(tenant).ResolveAsync(new ResolveRequest { IncidentId = first.ToString(), By = "alice" });
        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 3, "the resolved message");
        Assert.Contains("RESOLVED", host.Slack.Delivered(tenant)[2].Json["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_alert_resolved_before_its_group_flushed_is_never_announced()
    {
        await using var host = await StartAsync(replicas: 1);
        var tenant = Tenant("gdrop");
        _configs.Set(SecurityRoute(tenant, host, new Route
        {
            Matchers = [LabelMatcher.Parse("kind=\"security\"")],
            Receiver = "ops-slack",
            GroupBy = ["kind"],
            GroupWait = TimeSpan.FromMinutes(5),
        }));

        await PublishAsync(host, new ThreatDetected(tenant, "user-1", 0.9, "lock_account", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await host.CountAsync(
            "select count(*) from incident_deliveries where tenant = @t and state = 'grouping'", ("t", tenant)) == 1, "the waiting notification");
        var id = (Guid)(await ScalarAsync(host, "select id from incidents where tenant = @t", ("t", tenant)))!;
        await host.ClientFor(tenant).ResolveAsync(new ResolveRequest { IncidentId = id.ToString(), By = "alice" });

        Assert.Equal("dropped", await ScalarAsync(host, "select state from incident_deliveries where incident_id = @id and kind = 'firing'", ("id", id)));
        Assert.Equal(0L, await host.CountAsync("select count(*) from incident_deliveries where tenant = @t and kind = 'resolved'", ("t", tenant)));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, host.Slack.Attempts(tenant));
    }

    [Fact]
    public async Task Repeat_interval_reminds_until_acknowledged()
    {
        await using var host = await StartAsync(replicas: 1);
        var tenant = Tenant("remind");
        var every = TimeSpan.FromSeconds(2);
        _configs.Set(SecurityRoute(tenant, host, new Route
        {
            Matchers = [LabelMatcher.Parse("kind=\"security\"")],
            Receiver = "ops-slack",
            RepeatInterval = every,
        }));

        await PublishAsync(host, new ThreatDetected(tenant, "user-1", 0.9, "lock_account", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 2, "the first message and a reminder", 30);
        var id = (Guid)(await ScalarAsync(host, "select id from incidents where tenant = @t", ("t", tenant)))!;
        var gap = (TimeSpan)(await ScalarAsync(host,
            "select max(created_at) filter (where repeat = 1) - max(created_at) filter (where repeat = 0) from incident_deliveries where incident_id = @id",
            ("id", id)))!;
        Assert.InRange(gap, every, every + TimeSpan.FromSeconds(3));
        Assert.All(host.Slack.Delivered(tenant), post => Assert.Contains("FIRING", post.Json["text"]!.GetValue<string>()));

        await host.ClientFor(tenant).AcknowledgeAsync(new AcknowledgeRequest { IncidentId = id.ToString(), By = "bob" });
        await WaitUntilDeliveredAsync(host);
        var afterAck = host.Slack.Delivered(tenant).Count;
        await Task.Delay(every * 2);
        Assert.Equal(afterAck, host.Slack.Delivered(tenant).Count);
    }

    /// <summary>kind=security goes to <paramref name="route"/> with a one-level policy (level 0 at once to ops-slack).</summary>
    private static CompiledConfig SecurityRoute(string tenant, AlertingHost host, Route route)
    {
        var policy = IncidentConfigs.Policy("page", repeat: 0, (TimeSpan.Zero, "ops-slack"));
        return new CompiledConfig(
            tenant, 1,
            new Dictionary<string, Recipient> { ["ops-slack"] = IncidentConfigs.Slack("ops-slack", host.Slack.HookUrl(tenant)) },
            new Dictionary<string, EscalationPolicy> { [policy.Name] = policy },
            new RoutingTree(new Route { Receiver = "ops-slack", Routes = [route] }),
            new Dictionary<string, string> { [IncidentConfigs.SecurityRoute] = policy.Name },
            [], [], [IncidentConfigs.ThreatRule()]);
    }
}
