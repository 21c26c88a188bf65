using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;

namespace Suite.IngestionBench;

public sealed record LoadResult(long Events, long Accepted, long Duplicates, long Rejected, TimeSpan Elapsed, double[] LatenciesMs, (double DueMs, double LatencyMs)[] Timeline, DateTimeOffset Started)
{
    public double EventsPerSecond => Accepted / Elapsed.TotalSeconds;

    /// <summary>The same load with the batches due in its first <paramref name="ramp"/> left out of the latencies.</summary>
    public LoadResult WithoutRamp(TimeSpan ramp)
    {
        var kept = Timeline.Where(b => b.DueMs >= ramp.TotalMilliseconds).ToArray();
        return this with { Timeline = kept, LatenciesMs = kept.Select(b => b.LatencyMs).Order().ToArray() };
    }

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        var index = (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }
}

/// <summary>
/// Sends batches over N concurrent Ingest streams (one HTTP/2 connection each). Closed loop (as fast as acks
/// allow, at most <c>window</c> unacknowledged batches per stream) or open loop at a fixed event rate, where a
/// batch's latency counts from its scheduled send time (so queueing behind a slow batch is not hidden).
/// </summary>
public static class StreamLoad
{
    public static async Task<LoadResult> RunAsync(
        Uri address, string token, IReadOnlyList<WireBatch> batches, int streams, int window, double? eventsPerSecond, CancellationToken ct)
    {
        var channels = Enumerable.Range(0, streams).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false },
        })).ToList();
        try
        {
            var latencies = new ConcurrentBag<(double, double)[]>();
            long accepted = 0, duplicates = 0, rejected = 0;
            var events = batches.Sum(b => (long)b.Events);
            var interval = eventsPerSecond is { } rate ? TimeSpan.FromSeconds(batches.Average(b => b.Events) / rate) : (TimeSpan?)null;
            var started = DateTimeOffset.UtcNow;
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, streams).Select(async s =>
            {
                var mine = Enumerable.Range(0, batches.Count).Where(i => i % streams == s).ToList();
                var result = await RunStreamAsync(channels[s], token, batches, mine, window, interval, start, ct);
                latencies.Add(result.Latencies);
                Interlocked.Add(ref accepted, result.Ack.Accepted);
                Interlocked.Add(ref duplicates, result.Ack.Duplicates);
                Interlocked.Add(ref rejected, result.Ack.Rejected);
            }));
            var elapsed = Stopwatch.GetElapsedTime(start);
            var timeline = latencies.SelectMany(l => l).OrderBy(t => t.Item1).ToArray();
            var all = timeline.Select(t => t.Item2).Order().ToArray();
            return new LoadResult(events, accepted, duplicates, rejected, elapsed, all, timeline, started);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<(AckSummary Ack, (double, double)[] Latencies)> RunStreamAsync(
        GrpcChannel channel, string token, IReadOnlyList<WireBatch> batches, List<int> mine, int window, TimeSpan? interval, long start, CancellationToken ct)
    {
        var headers = new Metadata { { "Authorization", "Bearer " + token } };
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(RawIngestClient.Ingest, null, new CallOptions(headers, cancellationToken: ct));
        using var slots = new SemaphoreSlim(window, window);
        var sentAt = new ConcurrentQueue<long>();
        var latencies = new (double, double)[mine.Count];
        var receiving = Task.Run(async () =>
        {
            int accepted = 0, duplicates = 0, rejected = 0, n = 0;
            while (await call.ResponseStream.MoveNext(ct))
            {
                var ack = call.ResponseStream.Current;
                var now = Stopwatch.GetTimestamp();
                sentAt.TryDequeue(out var sent);
                latencies[n++] = (Stopwatch.GetElapsedTime(start, sent).TotalMilliseconds, Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                accepted += ack.Accepted;
                duplicates += ack.Duplicates;
                rejected += ack.Rejected;
                slots.Release();
            }
            return (new AckSummary(accepted, duplicates, rejected), n);
        }, ct);

        foreach (var index in mine)
        {
            var due = start;
            if (interval is { } every)
            {
                // Open loop: batch i is due at start + i × interval, whatever happened to earlier batches.
                due = start + (long)(every.TotalSeconds * index * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }
            await slots.WaitAsync(ct);
            sentAt.Enqueue(interval is null ? Stopwatch.GetTimestamp() : due);
            await call.RequestStream.WriteAsync(batches[index].Payload, ct);
        }
        await call.RequestStream.CompleteAsync();
        var (summary, count) = await receiving;
        if (count != mine.Count)
        {
            throw new InvalidOperationException($"stream ended after {count} of {mine.Count} acks");
        }
        return (summary, latencies);
    }
}
