using System.Globalization;

namespace Suite.SoakBench;

public sealed record SoakOptions(
    double Minutes = 30,
    double WarmupMinutes = 20,
    double Rate = 800,
    int SampleSeconds = 10,
    double WindowMinutes = 10,
    string? Csv = null,
    string? Judge = null,
    bool Keep = false)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Suite.SoakBench -- [options]
          --minutes N         measured time after warm-up (default 30)
          --warmup-minutes N  load before the measured time (default 20: the demo escalates to a second level after 15 min)
          --rate N            simulator events/s into ingestion (default 800)
          --sample-seconds N  how often each service is sampled (default 10)
          --window-minutes N  each end of the comparison is the median of this window (default 10: a third of the
                              measured time, so a backlog of a few minutes at either end does not decide)
          --csv FILE          write every sample (elapsed_s, service, pid, rss_mib, handles, threads, gc_heap_mib)
          --env SERVICE:NAME=VALUE  extra environment variable for one service (repeatable; e.g. predictions:DOTNET_GCConserveMemory=5)
          --keep              keep the state folder under /tmp (logs, databases)
          --judge FILE        run nothing: judge the samples of an earlier run's --csv FILE (with --warmup-minutes
                              and --window-minutes as given here)
        """;

    public IDictionary<string, IDictionary<string, string?>> ServiceEnvironment { get; init; } =
        new Dictionary<string, IDictionary<string, string?>>();

    public TimeSpan WarmUp => TimeSpan.FromMinutes(WarmupMinutes);
    public TimeSpan Total => TimeSpan.FromMinutes(WarmupMinutes + Minutes);
    public TimeSpan Window => TimeSpan.FromMinutes(WindowMinutes);

    public static SoakOptions Parse(string[] args)
    {
        var o = new SoakOptions();
        var env = new Dictionary<string, IDictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            double Next() => double.Parse(args[++i], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--minutes" => o with { Minutes = Next() },
                "--warmup-minutes" => o with { WarmupMinutes = Next() },
                "--rate" => o with { Rate = Next() },
                "--sample-seconds" => o with { SampleSeconds = (int)Next() },
                "--window-minutes" => o with { WindowMinutes = Next() },
                "--csv" => o with { Csv = args[++i] },
                "--judge" => o with { Judge = args[++i] },
                "--env" when args[++i].Split(':', 2) is [var service, var pair] && pair.Split('=', 2) is [var name, var value] && name.Length > 0 =>
                    Add(o, env, service, name, value),
                "--keep" => o with { Keep = true },
                _ => throw new ArgumentException($"unknown option or bad value at {args[i]}"),
            };
        }
        if (o.Minutes <= 0 || o.WarmupMinutes < 0 || o.Rate <= 0 || o.SampleSeconds < 1 || o.WindowMinutes <= 0)
        {
            throw new ArgumentException("--minutes, --rate, --sample-seconds and --window-minutes must be positive, --warmup-minutes not negative");
        }
        return o with { ServiceEnvironment = env };

        static SoakOptions Add(SoakOptions o, Dictionary<string, IDictionary<string, string?>> env, string service, string name, string value)
        {
            if (!env.TryGetValue(service, out var variables))
            {
                env[service] = variables = new Dictionary<string, string?>();
            }
            variables[name] = value;
            return o;
        }
    }
}
