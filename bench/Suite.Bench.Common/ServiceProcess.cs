using System.Globalization;
using System.Reflection;
using Suite.Hosting;
using Suite.Hosting.Processes;

namespace Suite.Bench;

/// <summary>A built suite service (services/&lt;name&gt;/bin/&lt;Configuration&gt;/net10.0/Suite.&lt;Name&gt;.dll) as a child process.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private readonly string _name;

    private ServiceProcess(string name, ManagedProcess process, int grpcPort, int httpPort, string logPath)
    {
        _name = name;
        _process = process;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        LogPath = logPath;
    }

    public Uri GrpcAddress { get; }
    public Uri HttpAddress { get; }
    public string LogPath { get; }
    public int Pid => _process.Pid;

    public static string Configuration =>
        typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <param name="name">The service folder under services/, e.g. "ingestion".</param>
    public static async Task<ServiceProcess> StartAsync(string name, string stateDir, ProcessTracker tracker, IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var assembly = "Suite." + char.ToUpperInvariant(name[0]) + name[1..] + ".dll";
        var dll = Path.Combine(RepoRootLocator.Find(), "services", name, "bin", Configuration, "net10.0", assembly);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: build with dotnet build -c {Configuration} services/{name}");
        }
        int grpc = PortAllocator.Allocate(), http = PortAllocator.Allocate();
        var env = new Dictionary<string, string?>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = null,
            ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}",
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}",
            ["Kestrel__Endpoints__http__Protocols"] = "Http1",
            ["Logging__LogLevel__Default"] = "Warning",
            // Benches measure capacity with one user at hundreds of calls a second: the request budgets would refuse them.
            ["RateLimits__Enabled"] = "false",
        };
        var log = Path.Combine(stateDir, "logs", name + ".log");
        var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = name,
            FileName = "dotnet",
            Args = [dll],
            Environment = env,
            WorkingDirectory = Path.GetDirectoryName(dll),
            LogPath = log,
        }, tracker);
        var service = new ServiceProcess(name, process, grpc, http, log);
        await service.WaitHealthyAsync(ct);
        return service;
    }

    private async Task WaitHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited during start-up:{Environment.NewLine}{_process.Tail()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(HttpAddress, "/health"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{_name} did not become healthy within 60 s; log: {LogPath}");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Resident and peak resident memory (VmRSS, VmHWM) in MiB.</summary>
    public (double Rss, double Peak) Memory()
    {
        var status = ProcFields.Read($"/proc/{Pid}/status");
        return (status.GetValueOrDefault("VmRSS") / 1024.0, status.GetValueOrDefault("VmHWM") / 1024.0);
    }

    /// <summary>GC collections (all generations) and total pause time so far, from the service's /metrics.</summary>
    public async Task<(long Collections, double PauseSeconds)> GcAsync(CancellationToken ct)
    {
        var text = await ScrapeAsync(ct);
        long collections = 0;
        double pause = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal))
            {
                collections += long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("dotnet_gc_pause_time_seconds_total", StringComparison.Ordinal))
            {
                pause = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return (collections, pause);
    }

    /// <summary>A histogram's cumulative bucket counts so far (upper bound → count), summed over its label sets.</summary>
    public async Task<SortedDictionary<double, long>> HistogramAsync(string name, CancellationToken ct)
    {
        var text = await ScrapeAsync(ct);
        var buckets = new SortedDictionary<double, long>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name + "_bucket{", StringComparison.Ordinal))
            {
                continue;
            }
            var bound = LabelValue(line, "le");
            var key = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound!, CultureInfo.InvariantCulture);
            buckets[key] = buckets.GetValueOrDefault(key) + (long)SampleValue(line);
        }
        return buckets;
    }

    /// <summary>A histogram's sum and count per value of <paramref name="label"/>, summed over its other labels.</summary>
    public async Task<Dictionary<string, (double Sum, long Count)>> HistogramSumsAsync(string name, string label, CancellationToken ct) =>
        HistogramSums(await ScrapeAsync(ct), name, label);

    /// <summary>From Prometheus text: <c>name_sum{…label="x"…} 1.5</c> and <c>name_count{…} 3</c> per label value.</summary>
    public static Dictionary<string, (double Sum, long Count)> HistogramSums(string metrics, string name, string label)
    {
        var result = new Dictionary<string, (double Sum, long Count)>();
        foreach (var line in metrics.Split('\n'))
        {
            var isSum = line.StartsWith(name + "_sum{", StringComparison.Ordinal);
            if (!isSum && !line.StartsWith(name + "_count{", StringComparison.Ordinal))
            {
                continue;
            }
            if (LabelValue(line, label) is not { } key)
            {
                continue;
            }
            var value = SampleValue(line);
            var (sum, count) = result.GetValueOrDefault(key);
            result[key] = isSum ? (sum + value, count) : (sum, count + (long)value);
        }
        return result;
    }

    /// <summary>The value of <paramref name="label"/> in a Prometheus sample line (<c>name{a="x",label="y"} 1</c>); null if absent.</summary>
    private static string? LabelValue(string line, string label)
    {
        var at = line.IndexOf(label + "=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        at += label.Length + 2;
        return line[at..line.IndexOf('"', at)];
    }

    /// <summary>The number at the end of a Prometheus sample line.</summary>
    private static double SampleValue(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);

    private async Task<string> ScrapeAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri(HttpAddress, "/metrics"), ct);
    }

    /// <summary>CPU time used so far (user + system).</summary>
    public TimeSpan CpuTime() => CpuStats.ProcessCpu(Pid);

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
    }
}

/// <summary>CPU accounting from /proc: a process's CPU time, and the whole machine's busy time.</summary>
public static class CpuStats
{
    private const double TicksPerSecond = 100;   // USER_HZ on Linux

    public static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>CPU of a process and its children: live ones, plus those that exited (cutime/cstime).</summary>
    public static TimeSpan ProcessTreeCpu(int root)
    {
        var total = Fields(root) is { } r ? Ticks(r, 11) + Ticks(r, 12) + Ticks(r, 13) + Ticks(r, 14) : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != root && Fields(pid) is { } f
                && int.Parse(f[1], CultureInfo.InvariantCulture) == root)
            {
                total += Ticks(f, 11) + Ticks(f, 12);
            }
        }
        return TimeSpan.FromSeconds(total / TicksPerSecond);

        static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
    }

    /// <summary>The first process whose name is <paramref name="comm"/> and whose command line contains <paramref name="fragment"/>.</summary>
    public static int? FindProcess(string comm, string fragment)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid)
                    && File.ReadAllText(Path.Combine(dir, "comm")).Trim() == comm
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(fragment, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return null;
    }

    /// <summary>The fields of /proc/pid/stat after the command name (index 0 = state, 1 = ppid, 11 = utime ...).</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Time the hypervisor gave this machine's virtual CPUs to someone else (/proc/stat steal).</summary>
    public static TimeSpan Steal()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        return cpu.Length > 7 ? TimeSpan.FromSeconds(long.Parse(cpu[7], CultureInfo.InvariantCulture) / TicksPerSecond) : TimeSpan.Zero;
    }

    /// <summary>Busy CPU time of all cores together (everything but idle and iowait).</summary>
    public static TimeSpan MachineBusy()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var busy = cpu.Sum() - cpu[3] - cpu[4];
        if (cpu.Length > 8)
        {
            busy -= cpu[8] + (cpu.Length > 9 ? cpu[9] : 0);   // guest time is already counted in user
        }
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}
