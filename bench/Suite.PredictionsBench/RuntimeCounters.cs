using System.Globalization;
using Suite.Bench;

namespace Suite.PredictionsBench;

/// <summary>The service's GC figures from its /metrics (OpenTelemetry runtime instrumentation), for before/after differences.</summary>
public sealed record RuntimeCounters(long Allocated, long Gen0, long Gen1, long Gen2, double PauseSeconds)
{
    public static async Task<RuntimeCounters> ReadAsync(ServiceProcess service, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync(new Uri(service.HttpAddress, "/metrics"), ct);
        long allocated = 0, gen0 = 0, gen1 = 0, gen2 = 0;
        double pause = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_heap_total_allocated_bytes_total", StringComparison.Ordinal))
            {
                allocated = (long)Value(line);
            }
            else if (line.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal))
            {
                // Each collection is counted once, under the highest generation it collected.
                var n = (long)Value(line);
                if (line.Contains("\"gen0\"", StringComparison.Ordinal)) gen0 = n;
                else if (line.Contains("\"gen1\"", StringComparison.Ordinal)) gen1 = n;
                else if (line.Contains("\"gen2\"", StringComparison.Ordinal)) gen2 = n;
            }
            else if (line.StartsWith("dotnet_gc_pause_time_seconds_total", StringComparison.Ordinal))
            {
                pause = Value(line);
            }
        }
        return new RuntimeCounters(allocated, gen0, gen1, gen2, pause);

        // "name{labels} value [timestamp]": the exporter may append a timestamp.
        static double Value(string line)
        {
            var afterName = line.Contains('{', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
            return double.Parse(afterName.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }

    public static RuntimeCounters operator -(RuntimeCounters a, RuntimeCounters b) =>
        new(a.Allocated - b.Allocated, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.PauseSeconds - b.PauseSeconds);
}
