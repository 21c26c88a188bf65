using System.Globalization;
using Suite.Bench;

namespace Suite.SoakBench;

/// <summary>One service's resident memory, open file descriptors and threads from /proc, its GC heap from /metrics.</summary>
public static class ProcessSampler
{
    public static async Task<SoakSample?> SampleAsync(HttpClient http, TimeSpan at, string service, int pid, Uri httpEndpoint, CancellationToken ct)
    {
        var status = ProcFields.Read($"/proc/{pid}/status");
        int handles;
        try
        {
            handles = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended between the pid lookup and the reads
        }
        if (status.Count == 0)
        {
            return null;
        }
        var (rss, threads) = (status.GetValueOrDefault("VmRSS") * 1024, (int)status.GetValueOrDefault("Threads"));
        return new SoakSample(at, service, pid, rss, handles, threads, await GcHeapAsync(http, httpEndpoint, ct));
    }

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
