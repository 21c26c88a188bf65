using System.Diagnostics;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>A request's events waiting to be stored; completed with the ids that were new (the rest were duplicates).</summary>
public sealed class PendingAppend(string tenant, IReadOnlyList<ValidatedEvent> events)
{
    private const int Queued = 0, Taken = 1, Abandoned = 2;
    private int _state;

    /// <summary>When it was queued (Stopwatch timestamp).</summary>
    public long QueuedAt { get; } = Stopwatch.GetTimestamp();

    public string Tenant => tenant;
    public IReadOnlyList<ValidatedEvent> Events => events;
    public TaskCompletionSource<IReadOnlySet<Guid>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether a committer has taken it (its outcome will come through <see cref="Done"/>).</summary>
    public bool IsTaken => Volatile.Read(ref _state) == Taken;

    internal bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Its caller gave up before a committer took it: it will not be stored.</summary>
    internal bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;
}

/// <summary>
/// Group commit without a background thread (Ingestion:MaxConcurrentCommits, Ingestion:MaxCommitGroupEvents): every
/// request queues its events and waits for one of the commit slots; whoever gets a slot while its own request is still
/// queued takes what is queued, in arrival order, up to the group limit and its slot's share of the queue, and stores it
/// in one transaction. An idle service commits each request alone at once; a busy one folds the requests that arrived
/// during a commit into the next, so per-transaction costs (round trips, the WAL flush) are shared and a backlog after a
/// slow disk flush drains in a few parallel commits instead of one per request.
/// </summary>
public sealed class CommitQueue(int maxConcurrent, int maxGroupEvents)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);
    private readonly Queue<PendingAppend> _queue = new();
    private readonly Lock _lock = new();
    private bool _leftForOthers;

    public int MaxGroupEvents => maxGroupEvents;

    /// <summary>One committer's share of <paramref name="queuedEvents"/> when <paramref name="committers"/> can store them.</summary>
    public static int ShareOf(int queuedEvents, int committers) => (queuedEvents + committers - 1) / committers;

    public PendingAppend Enqueue(string tenant, IReadOnlyList<ValidatedEvent> events)
    {
        var pending = new PendingAppend(tenant, events);
        lock (_lock)
        {
            _queue.Enqueue(pending);
        }
        return pending;
    }

    /// <summary>
    /// Waits until <paramref name="pending"/> is taken by a committer — this caller, with <paramref name="commit"/>
    /// run on the group it took, or another one — and returns its outcome.
    /// </summary>
    /// <param name="commit">Stores a group and completes each member's <see cref="PendingAppend.Done"/>.</param>
    public async Task<IReadOnlySet<Guid>> RunAsync(PendingAppend pending, Func<List<PendingAppend>, Task> commit, CancellationToken ct)
    {
        while (!pending.IsTaken)
        {
            try
            {
                await _slots.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                if (pending.TryAbandon())
                {
                    throw;
                }
                break;   // taken meanwhile: its outcome is on the way
            }
            try
            {
                if (!pending.IsTaken && TakeGroup() is { Count: > 0 } group)
                {
                    try
                    {
                        await commit(group);
                    }
                    catch (Exception ex)
                    {
                        // A broken commit function must not leave the group's callers waiting forever.
                        group.ForEach(p => p.Done.TrySetException(ex));
                    }
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        // Taken: stored or failed within one transaction's time, whether or not this caller still listens.
        return await pending.Done.Task;
    }

    /// <summary>
    /// The queued requests in arrival order, at least one, then more while the group stays within the limit and within
    /// its share of the queue: a backlog (after a slow disk flush, say) is split between the commit slots and stored in
    /// parallel transactions instead of in one large one while the other slot idles.
    /// </summary>
    private List<PendingAppend> TakeGroup()
    {
        var group = new List<PendingAppend>();
        var events = 0;
        lock (_lock)
        {
            // The next committer after a split takes the rest (no split of a split), whichever slot it holds.
            var share = !_leftForOthers && maxConcurrent > 1;
            var limit = share ? Math.Min(maxGroupEvents, ShareOf(_queue.Sum(p => p.Events.Count), maxConcurrent)) : maxGroupEvents;
            while (_queue.TryPeek(out var next))
            {
                if (group.Count > 0 && events + next.Events.Count > limit)
                {
                    break;
                }
                _queue.Dequeue();
                if (next.TryTake())
                {
                    group.Add(next);
                    events += next.Events.Count;
                }
            }
            _leftForOthers = share && _queue.Count > 0;
        }
        return group;
    }
}
