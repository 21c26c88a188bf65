using System.Globalization;

namespace Suite.IngestionBench;

/// <summary>
/// Samples, every 50 ms during a load, the disk that holds PostgreSQL's data (/proc/diskstats: completed requests and
/// busy time) and Linux pressure-stall information for I/O (/proc/pressure/io, "full": time in which every runnable task
/// was blocked on I/O), to tell the disk's stalls apart from the service's own delays. On this VM the virtual disk
/// sometimes takes 50–300 ms for one write; a durable commit cannot finish meanwhile. Pressure alone missed such
/// stalls while other tasks had CPU work (2026-12-07): the disk's own counters see them.
/// </summary>
public sealed class DiskStalls : IAsyncDisposable
{
    private const string PressureFile = "/proc/pressure/io";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>An interval counts as stalled when the disk, or everything on the machine, waited for at least half of it.</summary>
    private const double StalledShare = 0.5;

    /// <summary>Busy time per completed request at which the disk counts as stalled (normal here: 0.2–1 ms).</summary>
    private const double StalledMsPerRequest = 10;

    private readonly (int Major, int Minor)? _device;
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private DiskStalls((int, int)? device)
    {
        _device = device;
        _sampling = SampleAsync();
    }

    /// <param name="dataDirectory">A folder on the disk to watch (PostgreSQL's); its device is found in /proc/self/mountinfo.</param>
    public static DiskStalls? Start(string dataDirectory)
    {
        var device = File.Exists("/proc/self/mountinfo") ? DeviceOf(File.ReadAllText("/proc/self/mountinfo"), Path.GetFullPath(dataDirectory)) : null;
        return device is null && !File.Exists(PressureFile) ? null : new DiskStalls(device);
    }

    /// <summary>One reading: unix ms, pressure "full" µs, and the disk's completed requests and busy ms (0 when unknown).</summary>
    public readonly record struct Sample(double UnixMs, long FullMicros, long Requests, long BusyMs);

    /// <summary>
    /// Whether the interval between two readings was a stall: everything waited on I/O for half of it, or the disk was
    /// busy for half of it while completing requests at ≥ 10 ms each (an interval without a completion counts as one).
    /// </summary>
    public static bool IsStalled(Sample from, Sample to)
    {
        var length = to.UnixMs - from.UnixMs;
        if (length <= 0)
        {
            return false;
        }
        var blocked = (to.FullMicros - from.FullMicros) / 1000.0 >= StalledShare * length;
        var busy = to.BusyMs - from.BusyMs;
        var slowDisk = busy >= StalledShare * length && busy >= StalledMsPerRequest * Math.Max(1, to.Requests - from.Requests);
        return blocked || slowDisk;
    }

    /// <summary>The device ("major:minor") of the longest mount point holding <paramref name="path"/>; null if none.</summary>
    public static (int Major, int Minor)? DeviceOf(string mountInfo, string path)
    {
        (int, int)? device = null;
        var longest = -1;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "36 25 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw": id, parent, major:minor, root, mount point, ...
            var fields = line.Split(' ');
            if (fields.Length < 5 || fields[2].Split(':') is not [var major, var minor])
            {
                continue;
            }
            var mount = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            var under = mount == "/" || path == mount || path.StartsWith(mount + "/", StringComparison.Ordinal);
            if (under && mount.Length > longest
                && int.TryParse(major, CultureInfo.InvariantCulture, out var ma) && int.TryParse(minor, CultureInfo.InvariantCulture, out var mi))
            {
                (device, longest) = ((ma, mi), mount.Length);
            }
        }
        return device;
    }

    /// <summary>Completed requests (reads + writes) and ms spent doing I/O of one device in /proc/diskstats; null if absent.</summary>
    public static (long Requests, long BusyMs)? ParseDiskStats(string diskStats, (int Major, int Minor) device)
    {
        foreach (var line in diskStats.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // major minor name reads merged sectors ms writes merged sectors ms in-flight io-ms weighted-ms ...
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 13 && f[0] == device.Major.ToString(CultureInfo.InvariantCulture) && f[1] == device.Minor.ToString(CultureInfo.InvariantCulture))
            {
                return (long.Parse(f[3], CultureInfo.InvariantCulture) + long.Parse(f[7], CultureInfo.InvariantCulture), long.Parse(f[12], CultureInfo.InvariantCulture));
            }
        }
        return null;
    }

    /// <summary>The stalls as [start, end) in unix ms, adjacent stalled intervals joined.</summary>
    public IReadOnlyList<(double From, double To)> Stalls() => Join(_samples);

    /// <summary>The stalled intervals between consecutive readings, adjacent ones joined into one stall.</summary>
    public static IReadOnlyList<(double From, double To)> Join(IReadOnlyList<Sample> samples)
    {
        var stalls = new List<(double From, double To)>();
        for (var i = 1; i < samples.Count; i++)
        {
            if (!IsStalled(samples[i - 1], samples[i]))
            {
                continue;
            }
            var (from, to) = (samples[i - 1].UnixMs, samples[i].UnixMs);
            if (stalls.Count > 0 && stalls[^1].To == from)
            {
                stalls[^1] = (stalls[^1].From, to);
            }
            else
            {
                stalls.Add((from, to));
            }
        }
        return stalls;
    }

    /// <summary>
    /// Whether a batch waited on a stall: its wait overlaps the stall, or the time after it in which the requests queued
    /// meanwhile are stored (about as long again: measured 2026-12-05 and 2026-12-07).
    /// </summary>
    public static bool Hit(IReadOnlyList<(double From, double To)> stalls, double dueUnixMs, double latencyMs) =>
        stalls.Any(s => s.From < dueUnixMs + latencyMs && dueUnixMs < s.To + (s.To - s.From));

    /// <summary>The stalls that end after <paramref name="fromUnixMs"/> (the first measured batch: the ramp-up is not measured).</summary>
    public static IReadOnlyList<(double From, double To)> Since(IReadOnlyList<(double From, double To)> stalls, double fromUnixMs) =>
        [.. stalls.Where(s => s.To > fromUnixMs)];

    /// <summary>How the stalls of the measured part of a load line up with its batches (<see cref="Hit"/>).</summary>
    public StallImpact Impact(LoadResult load)
    {
        var origin = load.Started.ToUnixTimeMilliseconds();
        var stalls = Since(Stalls(), origin + (load.Timeline.Length == 0 ? 0 : load.Timeline.Min(b => b.DueMs)));
        var hit = load.Timeline.Where(b => Hit(stalls, origin + b.DueMs, b.LatencyMs)).ToList();
        var clear = load.Timeline.Where(b => !Hit(stalls, origin + b.DueMs, b.LatencyMs)).Select(b => b.LatencyMs).Order().ToArray();
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
                var disk = _device is { } device && ReadText("/proc/diskstats") is { } stats ? ParseDiskStats(stats, device) : null;
                _samples.Add(new Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ReadFullMicros(), disk?.Requests ?? 0, disk?.BusyMs ?? 0));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private static string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>"full avg10=0.00 avg60=0.00 avg300=0.00 total=123" → 123; 0 without pressure information.</summary>
    private static long ReadFullMicros()
    {
        if (!File.Exists(PressureFile))
        {
            return 0;
        }
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

/// <param name="Stalls">Stalls of the disk (<see cref="DiskStalls.IsStalled"/>), adjacent 50 ms intervals joined.</param>
/// <param name="P99Clear">p99 ack latency of the batches that did not wait on a stall (<see cref="DiskStalls.Hit"/>).</param>
public sealed record StallImpact(int Stalls, double StalledMs, int BatchesHit, int SlowBatchesHit, int SlowBatches, double P99Clear);
