using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Ingestion.V1;

namespace Suite.EndToEnd.Tests.Faults;

/// <summary>
/// A client as the ingestion guide asks for: login events in batches at a steady pace over Ingest streams; after any
/// failure it opens a new stream and first resends every batch it holds no ack for (same event ids). It knows which
/// events it sent, so the KPIs can be checked to the event. <see cref="SuccessShare"/> can change during the run.
/// </summary>
public sealed class SteadyLoad(Ingestion.IngestionClient client, Metadata headers, int eventsPerBatch, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, (EventBatch Batch, long SentAt)> _unacked = new();
    private readonly object _gate = new();
    private int _batches;
    private long _lastAck = Stopwatch.GetTimestamp();

    /// <summary>Share of LOGIN (vs LOGIN_FAILED) events in new batches, in tenths.</summary>
    public int SuccessShare { get; set; } = 8;

    public long Logins { get; private set; }
    public long SuccessfulLogins { get; private set; }
    public int Acked { get; private set; }
    public int Streams { get; private set; }
    public int Resent { get; private set; }
    public int Duplicates { get; private set; }
    public int Rejected { get; private set; }
    public int Unacked => _unacked.Count;

    /// <summary>Longest time without any ack while batches were waiting for one, since the last <see cref="ResetGap"/>.</summary>
    public TimeSpan LongestGap { get; private set; }

    public void ResetGap()
    {
        lock (_gate)
        {
            LongestGap = TimeSpan.Zero;
        }
    }

    /// <summary>Sends until <paramref name="stop"/>, then resends what is unacknowledged until nothing is (or <paramref name="drainTimeout"/>).</summary>
    public async Task RunAsync(CancellationToken stop, TimeSpan drainTimeout)
    {
        using var drain = new CancellationTokenSource();
        await using var _ = stop.Register(() => drain.CancelAfter(drainTimeout));
        while (!drain.IsCancellationRequested && (!stop.IsCancellationRequested || !_unacked.IsEmpty))
        {
            try
            {
                await StreamAsync(stop, drain.Token);
            }
            catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException or HttpRequestException)
            {
                // The stream broke (a service, the broker or the database went away): a new one resends.
            }
            if (!stop.IsCancellationRequested || !_unacked.IsEmpty)
            {
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }

    private async Task StreamAsync(CancellationToken stop, CancellationToken drain)
    {
        using var call = client.Ingest(headers, cancellationToken: drain);
        Streams++;
        var reading = Task.Run(async () =>
        {
            await foreach (var ack in call.ResponseStream.ReadAllAsync(drain))
            {
                OnAck(ack);
            }
        }, CancellationToken.None);
        var pending = _unacked.Values.OrderBy(u => u.SentAt).Select(u => u.Batch).ToList();
        Resent += Streams > 1 ? pending.Count : 0;
        foreach (var batch in pending)
        {
            await call.RequestStream.WriteAsync(batch, drain);
        }
        while (!stop.IsCancellationRequested && !reading.IsCompleted)
        {
            var batch = NextBatch();
            _unacked[batch.BatchId] = (batch, Stopwatch.GetTimestamp());
            await call.RequestStream.WriteAsync(batch, drain);
            await Task.WhenAny(reading, Task.Delay(interval, stop));
            TrackGap();
        }
        await call.RequestStream.CompleteAsync();
        while (!reading.IsCompleted)
        {
            await Task.WhenAny(reading, Task.Delay(100, CancellationToken.None));
            TrackGap();
        }
        await reading;
    }

    private void OnAck(BatchAck ack)
    {
        if (_unacked.TryRemove(ack.BatchId, out _))
        {
            Acked++;
        }
        Duplicates += ack.Duplicates;
        Rejected += ack.Rejected;
        TrackGap();
        Interlocked.Exchange(ref _lastAck, Stopwatch.GetTimestamp());
    }

    private void TrackGap()
    {
        lock (_gate)
        {
            var gap = _unacked.IsEmpty ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastAck));
            if (gap > LongestGap)
            {
                LongestGap = gap;
            }
        }
    }

    private EventBatch NextBatch()
    {
        var id = Interlocked.Increment(ref _batches);
        var batch = new EventBatch { BatchId = $"load-{id:D5}" };
        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < eventsPerBatch; i++)
        {
            var success = i % 10 < SuccessShare;
            batch.Events.Add(new Event
            {
                EventId = Guid.NewGuid().ToString(),
                Domain = "auth",
                Type = success ? "LOGIN" : "LOGIN_FAILED",
                OccurredAt = now,
                UserId = $"user-{(id * eventsPerBatch + i) % 97}",
                CountryCode = "de",
            });
            Logins++;
            SuccessfulLogins += success ? 1 : 0;
        }
        return batch;
    }
}
