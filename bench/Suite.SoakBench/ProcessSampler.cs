using System.Globalization;
using Suite.Bench;

namespace Suite.SoakBench;

/// <summary>One service's resident memory, open file descriptors and threads from /proc, its GC heap from /metrics.</summary>
public static class ProcessSampler
{
    public static async Task<SoakSample?> SampleAsync(HttpClient http, TimeSpan at, string service, int pid, Uri httpEndpoint, CancellationToken ct)
    {
        long rss = 0;
        var threads = 0;
        int handles;
        try
        {
            foreach (var line in await File.ReadAllLinesAsync($"/proc/{pid}/status", ct))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(Value(line), CultureInfo.InvariantCulture) * 1024;   // "VmRSS:\t  257996 kB"
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(Value(line), CultureInfo.InvariantCulture);
                }
            }
            handles = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended between the pid lookup and the read
        }
        return new SoakSample(at, service, pid, rss, handles, threads, await GcHeapAsync(http, httpEndpoint, ct));
    }

    private static string Value(string statusLine) => statusLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1];

    /// <summary>Sum over generations of dotnet_gc_last_collection_heap_size_bytes; 0 when /metrics does not answer.</summary>
    private static async Task<long> GcHeapAsync(HttpClient http, Uri httpEndpoint, CancellationToken ct)
    {
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri(httpEndpoint, "/metrics"), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return 0;
        }
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
            {
                var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                sum += double.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        return (long)sum;
    }
}
