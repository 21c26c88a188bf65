using Grpc.Core;
using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Incidents;
using Suite.Alerting.Incidents.Watch;

namespace Suite.Alerting.Tests.Domain.Watch;

/// <summary>The hub's fan-out without a database: slow watchers are dropped, a broken feed ends everyone.</summary>
public sealed class IncidentWatchHubTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_watcher_that_falls_a_queue_behind_is_dropped_and_the_others_get_everything()
    {
        var hub = Connected();
        using var slow = await hub.SubscribeAsync("acme", Wait, CancellationToken.None);
        using var fast = await hub.SubscribeAsync("acme", Wait, CancellationToken.None);
        using var other = await hub.SubscribeAsync("globex", Wait, CancellationToken.None);

        var received = 0;
        for (var seq = 1; seq <= IncidentWatchHub.QueueCapacity + 10; seq++)
        {
            hub.Publish(Change("acme", seq));
            while (fast.Changes.TryRead(out _))
            {
                received++;
            }
        }

        Assert.Equal(IncidentWatchHub.QueueCapacity + 10, received);
        Assert.Equal(StatusCode.ResourceExhausted, slow.EndReason?.StatusCode);
        Assert.True(slow.Ended.IsCancellationRequested || await Cancelled(slow.Ended));
        // What it had queued can still be read, then the queue ends with the reason.
        var queued = 0;
        while (slow.Changes.TryRead(out _))
        {
            queued++;
        }
        Assert.Equal(IncidentWatchHub.QueueCapacity, queued);
        Assert.Null(fast.EndReason);
        Assert.Null(other.EndReason);
        Assert.False(other.Changes.TryRead(out _));
        Assert.Equal(2, hub.Count);
    }

    [Fact]
    public async Task A_lost_feed_ends_every_watcher_and_refuses_new_ones_until_it_is_back()
    {
        var hub = Connected();
        using var a = await hub.SubscribeAsync("acme", Wait, CancellationToken.None);
        using var b = await hub.SubscribeAsync("globex", Wait, CancellationToken.None);

        hub.Disconnected("database connection lost");
        Assert.Equal(StatusCode.Unavailable, a.EndReason?.StatusCode);
        Assert.Equal(StatusCode.Unavailable, b.EndReason?.StatusCode);
        Assert.Equal(0, hub.Count);
        var refused = await Assert.ThrowsAsync<RpcException>(() => hub.SubscribeAsync("acme", TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);

        // A subscriber waiting while the feed reconnects gets in once it is back.
        var waiting = hub.SubscribeAsync("acme", Wait, CancellationToken.None);
        hub.Connected();
        using var c = await waiting;
        hub.Publish(Change("acme", 1));
        Assert.True(c.Changes.TryRead(out var change));
        Assert.Equal(1, change.Seq);
    }

    [Fact]
    public async Task Disposing_unsubscribes()
    {
        var hub = Connected();
        var watch = await hub.SubscribeAsync("acme", Wait, CancellationToken.None);
        watch.Dispose();
        Assert.Equal(0, hub.Count);
        hub.Publish(Change("acme", 1));
        Assert.False(watch.Changes.TryRead(out _));
    }

    private static IncidentWatchHub Connected()
    {
        var hub = new IncidentWatchHub();
        hub.Connected();
        return hub;
    }

    private static async Task<bool> Cancelled(CancellationToken token)
    {
        try
        {
            await Task.Delay(Wait, token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private static IncidentChange Change(string tenant, long seq)
    {
        var at = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var incident = new Incident(
            Guid.CreateVersion7(at), tenant, "fp", "threat", new Dictionary<string, string>(), new Dictionary<string, string>(),
            "critical", IncidentStates.Firing, at, null, null, null, null, "root", new EscalationPolicy("p", [], 0, null), null, null);
        return new IncidentChange(incident, seq);
    }
}
