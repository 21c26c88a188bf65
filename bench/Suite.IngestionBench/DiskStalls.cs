using System.Globalization;

namespace Suite.IngestionBench;

/// <summary>
/// Samples Linux pressure-stall information for I/O (/proc/pressure/io, "full": time in which every runnable task
/// was blocked on I/O) every 50 ms during a load, to tell the disk's stalls apart from the service's own delays.
/// On this VM the virtual disk sometimes stops for 100–300 ms; a durable commit cannot finish during such a stall.
/// </summary>
public sealed class DiskStalls : IAsyncDisposable
{
    private const string PressureFile = "/proc/pressure/io";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>An interval counts as stalled when everything waited on I/O for at least half of it.</summary>
    private const double StalledShare = 0.5;

    private readonly List<(double UnixMs, long FullMicros)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private DiskStalls() => _sampling = SampleAsync();

    public static DiskStalls? Start() => File.Exists(PressureFile) ? new DiskStalls() : null;

    /// <summary>The stalled intervals as [start, end) in unix ms.</summary>
    public IReadOnlyList<(double From, double To)> Stalls()
    {
        var stalls = new List<(double, double)>();
        for (var i = 1; i < _samples.Count; i++)
        {
            var (from, to) = (_samples[i - 1].UnixMs, _samples[i].UnixMs);
            if ((_samples[i].FullMicros - _samples[i - 1].FullMicros) / 1000.0 >= StalledShare * (to - from))
            {
                stalls.Add((from, to));
            }
        }
        return stalls;
    }

    /// <summary>How the stalls line up with a load's batches: a batch is hit when its wait overlaps a stalled interval.</summary>
    public StallImpact Impact(LoadResult load)
    {
        var stalls = Stalls();
        var origin = load.Started.ToUnixTimeMilliseconds();
        bool Hit(double dueMs, double latencyMs) =>
            stalls.Any(s => s.From < origin + dueMs + latencyMs && origin + dueMs < s.To);
        var hit = load.Timeline.Where(b => Hit(b.DueMs, b.LatencyMs)).ToList();
        var clear = load.Timeline.Where(b => !Hit(b.DueMs, b.LatencyMs)).Select(b => b.LatencyMs).Order().ToArray();
        var p99Clear = clear.Length == 0 ? double.NaN : clear[Math.Clamp((int)Math.Ceiling(0.99 * clear.Length) - 1, 0, clear.Length - 1)];
        return new StallImpact(stalls.Count, stalls.Sum(s => s.To - s.From), hit.Count, hit.Count(b => b.LatencyMs > 25),
            load.Timeline.Count(b => b.LatencyMs > 25), p99Clear);
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                _samples.Add((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ReadFullMicros()));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    /// <summary>"full avg10=0.00 avg60=0.00 avg300=0.00 total=123" → 123.</summary>
    private static long ReadFullMicros()
    {
        foreach (var line in File.ReadLines(PressureFile))
        {
            if (line.StartsWith("full ", StringComparison.Ordinal))
            {
                return long.Parse(line[(line.IndexOf("total=", StringComparison.Ordinal) + 6)..], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}

/// <param name="StalledIntervals">50 ms intervals in which everything waited on I/O at least half the time.</param>
/// <param name="P99Clear">p99 ack latency of the batches that did not overlap a stall.</param>
public sealed record StallImpact(int StalledIntervals, double StalledMs, int BatchesHit, int SlowBatchesHit, int SlowBatches, double P99Clear);
