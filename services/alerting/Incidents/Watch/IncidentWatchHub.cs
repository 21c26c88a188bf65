using System.Threading.Channels;
using Grpc.Core;

namespace Suite.Alerting.Incidents.Watch;

/// <summary>
/// This replica's watchers, fed by the one <see cref="IncidentChangeListener"/>. Publishing never waits: each watcher
/// has a bounded queue, and a watcher whose queue is full is dropped (its stream ends with RESOURCE_EXHAUSTED) so a
/// slow client cannot hold up the others or the listener.
/// </summary>
public sealed class IncidentWatchHub
{
    public const int QueueCapacity = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<IncidentWatch>> _byTenant = new(StringComparer.Ordinal);
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Registers a watcher once the listener is connected (waits up to <paramref name="wait"/>): changes committed
    /// after this returns are queued for it. UNAVAILABLE when the change feed is down.
    /// </summary>
    public async Task<IncidentWatch> SubscribeAsync(string tenant, TimeSpan wait, CancellationToken ct)
    {
        Task listening;
        lock (_lock)
        {
            listening = _listening.Task;
        }
        try
        {
            await listening.WaitAsync(wait, ct);
        }
        catch (TimeoutException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the incident change feed is not connected; try again"));
        }
        lock (_lock)
        {
            if (!_listening.Task.IsCompleted)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "the incident change feed is not connected; try again"));
            }
            var watch = new IncidentWatch(this, tenant, Channel.CreateBounded<IncidentChange>(
                new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait }));
            if (!_byTenant.TryGetValue(tenant, out var set))
            {
                _byTenant[tenant] = set = [];
            }
            set.Add(watch);
            return watch;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byTenant.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>Called by the listener for each change, in commit order.</summary>
    public void Publish(IncidentChange change)
    {
        lock (_lock)
        {
            if (!_byTenant.TryGetValue(change.Incident.Tenant, out var set))
            {
                return;
            }
            foreach (var watch in set.ToList())
            {
                if (!watch.Queue.Writer.TryWrite(change))
                {
                    RemoveLocked(watch);
                    watch.End(new RpcException(new Status(StatusCode.ResourceExhausted,
                        $"this watcher fell more than {QueueCapacity} changes behind and was dropped; watch again")));
                }
            }
        }
    }

    /// <summary>The listener is connected and LISTENing: subscriptions from now on miss nothing.</summary>
    public void Connected()
    {
        lock (_lock)
        {
            _listening.TrySetResult();
        }
    }

    /// <summary>The listener lost its connection: changes may be missed, so every watcher ends (UNAVAILABLE) and re-subscribes.</summary>
    public void Disconnected(string reason)
    {
        lock (_lock)
        {
            if (_listening.Task.IsCompleted)
            {
                _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            foreach (var watch in _byTenant.Values.SelectMany(s => s).ToList())
            {
                watch.End(new RpcException(new Status(StatusCode.Unavailable, $"the incident change feed was interrupted ({reason}); watch again")));
            }
            _byTenant.Clear();
        }
    }

    internal void Remove(IncidentWatch watch)
    {
        lock (_lock)
        {
            RemoveLocked(watch);
        }
    }

    private void RemoveLocked(IncidentWatch watch)
    {
        if (_byTenant.TryGetValue(watch.Tenant, out var set) && set.Remove(watch) && set.Count == 0)
        {
            _byTenant.Remove(watch.Tenant);
        }
    }
}

/// <summary>One watcher's queue. <see cref="Ended"/> fires when the hub drops it; dispose to unsubscribe.</summary>
public sealed class IncidentWatch : IDisposable
{
    private readonly IncidentWatchHub _hub;
    private readonly CancellationTokenSource _ended = new();

    internal IncidentWatch(IncidentWatchHub hub, string tenant, Channel<IncidentChange> queue)
    {
        _hub = hub;
        Tenant = tenant;
        Queue = queue;
    }

    public string Tenant { get; }
    internal Channel<IncidentChange> Queue { get; }
    public ChannelReader<IncidentChange> Changes => Queue.Reader;

    /// <summary>Cancelled when the hub ends this watcher: a blocked write to a slow client stops too.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Why the hub ended it (RESOURCE_EXHAUSTED, UNAVAILABLE), or null.</summary>
    public RpcException? EndReason { get; private set; }

    internal void End(RpcException reason)
    {
        EndReason = reason;
        Queue.Writer.TryComplete(reason);
        // Asynchronously: End runs under the hub's lock, the callbacks (a blocked write) must not.
        _ = _ended.CancelAsync();
    }

    /// <remarks>The token source is not disposed: the hub may still be ending this watcher concurrently.</remarks>
    public void Dispose() => _hub.Remove(this);
}
