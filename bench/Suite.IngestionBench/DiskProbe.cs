using System.Diagnostics;
using System.Globalization;

using Suite.Bench;

namespace Suite.IngestionBench;

/// <summary>
/// The disk alone, with no database and no service: 8 kB appended and made durable (fsync) 100 times a second,
/// the pace of the half-load phase's commits. If these writes already take longer than the latency target now and
/// then, no durable commit can meet it at those moments (docs/benchmarks.md, "Half-load latency, measured").
/// </summary>
public static class DiskProbe
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(TimeSpan length)
    {
        var dir = Directory.CreateTempSubdirectory("suite-disk-probe-");
        var latencies = new List<double>();
        try
        {
            await using var file = new FileStream(Path.Combine(dir.FullName, "probe"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            var block = new byte[8192];
            Random.Shared.NextBytes(block);
            BenchInfra.Log($"disk probe: {length.TotalSeconds:0} s of 8 kB durable writes every {Pace.TotalMilliseconds:0} ms in {dir.FullName}");
            var run = Stopwatch.StartNew();
            var next = TimeSpan.Zero;
            while (run.Elapsed < length)
            {
                var started = Stopwatch.GetTimestamp();
                file.Write(block);
                file.Flush(flushToDisk: true);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (file.Length > 64L * 1024 * 1024)
                {
                    file.SetLength(0);   // stay small: the disk's cache behaviour, not its size, is measured
                }
                next += Pace;
                var wait = next - run.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        Console.WriteLine(Describe(latencies, length));
        return 0;
    }

    /// <summary>Latency percentiles and how much of the time writes took longer than 25 ms (the ack target).</summary>
    public static string Describe(IReadOnlyList<double> latencies, TimeSpan length)
    {
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var slow = sorted.Where(l => l > 25).ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"durable 8 kB writes: {sorted.Length:N0} in {length.TotalSeconds:0} s; p50 {P(0.5):0.00} ms, p99 {P(0.99):0.00} ms, " +
            $"p99.9 {P(0.999):0.0} ms, max {P(1):0.0} ms; over 25 ms: {slow.Length} writes ({100.0 * slow.Length / Math.Max(1, sorted.Length):0.00} %), " +
            $"{slow.Sum() / 1000:0.00} s in all");
    }
}
