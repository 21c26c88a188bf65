using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Data;

/// <summary>
/// Group commit: requests that queue while every commit slot is busy are taken together, in arrival order, up to the
/// group limit; a caller that gives up before its request is taken is never committed.
/// </summary>
public class CommitQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static List<ValidatedEvent> Events(int count) => [.. Enumerable.Range(0, count).Select(_ => new ValidatedEvent(
        Guid.NewGuid(), "auth", "LOGIN", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch,
        null, null, null, null, null, null, null, null, null, null, null, null, new Dictionary<string, string>(), 1))];

    /// <summary>
    /// Records each group; the first <paramref name="held"/> hold their slots until released. Completes members with
    /// their own ids.
    /// </summary>
    private sealed class Committer(int held = 1)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _heldStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<List<PendingAppend>> Groups { get; } = [];

        public async Task CommitAsync(List<PendingAppend> group)
        {
            bool hold;
            lock (Groups)
            {
                Groups.Add(group);
                hold = Groups.Count <= held;
                if (Groups.Count == held)
                {
                    _heldStarted.SetResult();
                }
            }
            if (hold)
            {
                await _release.Task;
            }
            foreach (var p in group)
            {
                p.Done.SetResult(p.Events.Select(e => e.EventId).ToHashSet());
            }
        }

        public Task HeldStarted => _heldStarted.Task.WaitAsync(Patience);

        public void Release() => _release.SetResult();
    }

    /// <summary>A queue with one slot, held by a first request's commit until <see cref="Committer.Release"/>.</summary>
    private static async Task<(CommitQueue Queue, Committer Committer, Task<IReadOnlySet<Guid>> First)> BusyQueueAsync(int maxGroupEvents = 100)
    {
        var queue = new CommitQueue(maxConcurrent: 1, maxGroupEvents);
        var committer = new Committer();
        var first = queue.RunAsync(queue.Enqueue("t", Events(1)), committer.CommitAsync, CancellationToken.None);
        await committer.HeldStarted;
        return (queue, committer, first);
    }

    [Fact]
    public async Task Requests_queued_during_a_commit_are_stored_together_in_arrival_order()
    {
        var (queue, committer, first) = await BusyQueueAsync();
        var pending = new[] { queue.Enqueue("t1", Events(2)), queue.Enqueue("t2", Events(3)), queue.Enqueue("t1", Events(1)) };
        var waiting = pending.Select(p => queue.RunAsync(p, committer.CommitAsync, CancellationToken.None)).ToList();

        committer.Release();
        await first.WaitAsync(Patience);
        var results = await Task.WhenAll(waiting).WaitAsync(Patience);

        Assert.Equal([1, 3], committer.Groups.Select(g => g.Count));
        Assert.Equal(pending, committer.Groups[1]);
        for (var i = 0; i < pending.Length; i++)
        {
            Assert.True(pending[i].Events.Select(e => e.EventId).ToHashSet().SetEquals(results[i]));
        }
    }

    [Fact]
    public async Task A_group_stays_within_its_event_limit_and_a_larger_request_commits_alone()
    {
        var (queue, committer, first) = await BusyQueueAsync(maxGroupEvents: 5);
        var waiting = new[] { 3, 3, 2, 7, 1 }.Select(n => queue.RunAsync(queue.Enqueue("t", Events(n)), committer.CommitAsync, CancellationToken.None)).ToList();

        committer.Release();
        await Task.WhenAll([first, .. waiting]).WaitAsync(Patience);

        Assert.Equal([[1], [3], [3, 2], [7], [1]], committer.Groups.Select(g => g.Select(p => p.Events.Count).ToArray()));
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_is_never_committed()
    {
        var (queue, committer, first) = await BusyQueueAsync();
        using var cancel = new CancellationTokenSource();
        var gone = queue.Enqueue("t", Events(2));
        var leaving = queue.RunAsync(gone, committer.CommitAsync, cancel.Token);
        var staying = queue.RunAsync(queue.Enqueue("t", Events(3)), committer.CommitAsync, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(Patience));
        committer.Release();
        await Task.WhenAll(first, staying).WaitAsync(Patience);

        Assert.DoesNotContain(committer.Groups.SelectMany(g => g), p => ReferenceEquals(p, gone));
        Assert.Equal([1, 3], committer.Groups.SelectMany(g => g).Select(p => p.Events.Count));
    }

    [Fact]
    public async Task A_backlog_is_split_between_the_commit_slots()
    {
        var queue = new CommitQueue(maxConcurrent: 2, maxGroupEvents: 100);
        var committer = new Committer(held: 2);
        var busy = new[] { 1, 1 }.Select(n => queue.RunAsync(queue.Enqueue("t", Events(n)), committer.CommitAsync, CancellationToken.None)).ToList();
        await committer.HeldStarted;
        var backlog = new[] { 2, 2, 2, 2, 1 }.Select(n => queue.RunAsync(queue.Enqueue("t", Events(n)), committer.CommitAsync, CancellationToken.None)).ToList();

        committer.Release();
        await Task.WhenAll([.. busy, .. backlog]).WaitAsync(Patience);

        // 9 queued events, two slots: the first committer to be free takes its share (5, whole requests: 2 + 2), the
        // other one the rest, instead of one transaction of 9 while the other slot idles.
        Assert.Equal([[1], [1], [2, 2], [2, 2, 1]], committer.Groups.Select(g => g.Select(p => p.Events.Count).ToArray()));
    }

    [Theory]
    [InlineData(9, 2, 5)]
    [InlineData(8, 2, 4)]
    [InlineData(1, 2, 1)]
    [InlineData(7, 1, 7)]
    [InlineData(0, 2, 0)]
    public void A_committer_s_share_of_the_queue_is_rounded_up(int queued, int committers, int share) =>
        Assert.Equal(share, CommitQueue.ShareOf(queued, committers));

    [Fact]
    public async Task With_free_slots_each_request_commits_at_once_on_its_own()
    {
        var queue = new CommitQueue(maxConcurrent: 2, maxGroupEvents: 100);
        var committer = new Committer();
        var first = queue.RunAsync(queue.Enqueue("t", Events(1)), committer.CommitAsync, CancellationToken.None);
        await committer.HeldStarted;

        // The first commit still holds one slot: the second request takes the other and does not wait for it.
        var second = await queue.RunAsync(queue.Enqueue("t", Events(2)), committer.CommitAsync, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(2, second.Count);
        Assert.False(first.IsCompleted);
        committer.Release();
        await first.WaitAsync(Patience);
        Assert.Equal([1, 1], committer.Groups.Select(g => g.Count));
    }

    [Fact]
    public async Task A_commit_that_throws_fails_its_callers_instead_of_leaving_them_waiting()
    {
        var queue = new CommitQueue(maxConcurrent: 1, maxGroupEvents: 100);

        var failing = queue.RunAsync(queue.Enqueue("t", Events(1)), _ => throw new InvalidOperationException("broken"), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Patience));
        Assert.Equal("broken", ex.Message);
    }
}
