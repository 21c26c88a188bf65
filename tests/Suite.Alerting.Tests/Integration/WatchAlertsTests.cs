using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Events;
using Suite.Testing;
using AlertingClient = Suite.Contracts.Alerting.V1.Alerting.AlertingClient;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// WatchAlerts across two replicas: the LISTEN/NOTIFY feed brings changes made on one replica to watchers on the
/// other; a late watcher starts with the snapshot; another tenant's watcher sees nothing.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class WatchAlertsTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>
{
    [Fact]
    public async Task A_watcher_on_another_replica_sees_open_acknowledged_resolved_and_other_tenants_see_nothing()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail, replicas: 2);
        var tenant = $"watch-{Guid.NewGuid():N}"[..20];
        var other = $"other-{Guid.NewGuid():N}"[..20];
        await ImportThreatRuleAsync(host, tenant);
        // AddReplica puts the latest replica first: Replicas[1] is the one started first, a different process state.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var early = Watcher.Start(Client(host, 1, tenant), new WatchAlertsRequest(), cts.Token);
        using var stranger = Watcher.Start(Client(host, 1, other), new WatchAlertsRequest(), cts.Token);
        using var resolvedOnly = Watcher.Start(Client(host, 1, tenant), new WatchAlertsRequest { States = { "resolved" } }, cts.Token);
        await Task.Delay(500);   // the streams are open (subscribed) before anything happens

        await host.Factory.Services.GetRequiredService<IBus>().Publish(new ThreatDetected(tenant, "user-3", 0.9, "lock_account", DateTimeOffset.UtcNow));
        var opened = await early.NextAsync("the opened incident");
        Assert.Equal("firing", opened.State);
        Assert.Equal("threat", opened.AlertName);
        Assert.Equal("user-3", opened.Labels["user_id"]);
        Assert.Equal("Threat for user-3", opened.Annotations["summary"]);
        Assert.Equal("critical", opened.Severity);

        // A watcher that comes later starts with the snapshot of open incidents.
        using var late = Watcher.Start(Client(host, 0, tenant), new WatchAlertsRequest(), cts.Token);
        var snapshot = await late.NextAsync("the snapshot");
        Assert.Equal((opened.Id, "firing"), (snapshot.Id, snapshot.State));

        var client = Client(host, 0, tenant);
        await client.AcknowledgeAsync(new AcknowledgeRequest { IncidentId = opened.Id, By = "alice" });
        var acked = await early.NextAsync("the acknowledgement");
        Assert.Equal((opened.Id, "acknowledged", "alice"), (acked.Id, acked.State, acked.AcknowledgedBy));
        Assert.NotNull(acked.AcknowledgedAt);
        await client.ResolveAsync(new ResolveRequest { IncidentId = opened.Id, By = "bob" });
        var resolved = await early.NextAsync("the resolve");
        Assert.Equal((opened.Id, "resolved", "bob"), (resolved.Id, resolved.State, resolved.ResolvedBy));
        Assert.Equal("acknowledged", (await late.NextAsync("the acknowledgement (late watcher)")).State);
        Assert.Equal("resolved", (await late.NextAsync("the resolve (late watcher)")).State);
        var filtered = await resolvedOnly.NextAsync("the resolve (filtered)");
        Assert.Equal((opened.Id, "resolved"), (filtered.Id, filtered.State));

        // Nothing else: the escalation's own progress is not a state change, and the other tenant heard nothing.
        await Task.Delay(1000);
        Assert.Empty(early.Received);
        Assert.Empty(late.Received);
        Assert.Empty(resolvedOnly.Received);
        Assert.Empty(stranger.Received);
        Assert.Null(stranger.Error);

        using var bad = Watcher.Start(Client(host, 0, tenant), new WatchAlertsRequest { States = { "open" } }, cts.Token);
        var error = await Assert.ThrowsAsync<RpcException>(() => bad.NextAsync("an error"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task When_the_change_feed_connection_drops_watchers_end_unavailable_and_a_new_watch_misses_nothing()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail, replicas: 1);
        var tenant = $"feed-{Guid.NewGuid():N}"[..20];
        await ImportThreatRuleAsync(host, tenant);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var watcher = Watcher.Start(Client(host, 0, tenant), new WatchAlertsRequest(), cts.Token);
        await Task.Delay(500);

        // The listener's session is the one that ran LISTEN; killing it is what a database restart or failover does.
        await using (var admin = host.Database.CreateCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and query ilike 'listen %'"))
        {
            Assert.Equal(1L, (long)(await admin.ExecuteScalarAsync())!);
        }
        var dropped = await Assert.ThrowsAsync<RpcException>(() => watcher.NextAsync("the end of the stream"));
        Assert.Equal(StatusCode.Unavailable, dropped.StatusCode);
        Assert.Contains("watch again", dropped.Status.Detail);

        // An incident opened while nobody watches arrives in the new watch's snapshot; a later change follows it.
        var bus = host.Factory.Services.GetRequiredService<IBus>();
        await bus.Publish(new ThreatDetected(tenant, "user-1", 0.9, "lock_account", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await host.CountAsync("select count(*) from incidents where tenant = @t", ("t", tenant)) == 1, "the incident");
        using var again = Watcher.Start(Client(host, 0, tenant), new WatchAlertsRequest(), cts.Token);
        var snapshot = await again.NextAsync("the snapshot after reconnecting");
        Assert.Equal("user-1", snapshot.Labels["user_id"]);
        await bus.Publish(new ThreatDetected(tenant, "user-2", 0.9, "lock_account", DateTimeOffset.UtcNow));
        var live = await again.NextAsync("a change after reconnecting");
        Assert.Equal(("user-2", "firing"), (live.Labels["user_id"], live.State));
    }

    /// <summary>A threat_detected rule routed to a Slack recipient: every ThreatDetected opens an incident.</summary>
    private static Task ImportThreatRuleAsync(AlertingHost host, string tenant) =>
        host.ConfigClientFor(tenant).ImportConfigAsync(new ImportConfigRequest { Yaml = $$$"""
            recipients:
              - name: ops
                slack:
                  webhook_url: {{{host.Slack.HookUrl(tenant)}}}
            routes:
              receiver: ops
            rules:
              - name: threat
                severity: critical
                annotations:
                  summary: "Threat for {{ $labels.user_id }}"
                event:
                  type: threat_detected
            """ }).ResponseAsync;

    private AlertingClient Client(AlertingHost host, int replica, string tenant)
    {
        var token = infra.TokenFor(tenant);
        return new AlertingClient(host.Replicas[replica].Channel().Intercept(m =>
        {
            m.Add("Authorization", "Bearer " + token);
            return m;
        }));
    }

    /// <summary>Reads a WatchAlerts stream in the background into a queue.</summary>
    private sealed class Watcher : IDisposable
    {
        private readonly AsyncServerStreamingCall<Incident> _call;
        private readonly SemaphoreSlim _arrived = new(0);

        private Watcher(AsyncServerStreamingCall<Incident> call) => _call = call;

        public ConcurrentQueue<Incident> Received { get; } = new();
        public RpcException? Error { get; private set; }

        public static Watcher Start(AlertingClient client, WatchAlertsRequest request, CancellationToken ct)
        {
            var watcher = new Watcher(client.WatchAlerts(request, cancellationToken: ct));
            _ = watcher.ReadAsync(ct);
            return watcher;
        }

        private async Task ReadAsync(CancellationToken ct)
        {
            try
            {
                await foreach (var incident in _call.ResponseStream.ReadAllAsync(ct))
                {
                    Received.Enqueue(incident);
                    _arrived.Release();
                }
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
            {
                Error = ex;
                _arrived.Release();
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        /// <summary>The next message (10 s at most), or the stream's error.</summary>
        public async Task<Incident> NextAsync(string what)
        {
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"waited 10 s for {what}");
            }
            if (Received.TryDequeue(out var incident))
            {
                return incident;
            }
            throw Error!;
        }

        public void Dispose() => _call.Dispose();
    }
}
