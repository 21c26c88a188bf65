using System.Globalization;

namespace Suite.IngestionBench;

/// <summary>Command line of the benchmark.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/Suite.IngestionBench -- [options]
          --events N          events in each maximum-load round (default 1000000)
          --rounds N          maximum-load rounds and raw COPY loads; the ratio compares medians (default 3)
          --warmup N          events sent first, not measured (default: half of --events, at least 100000)
          --batch N           events per batch (default 1000)
          --streams N         concurrent Ingest streams (default 4)
          --window N          unacknowledged batches in flight per stream (default 4)
          --latency-batch N   events per batch in the half-load latency run (default 500)
          --latency-seconds N measured length of the half-load latency run (default 20)
          --latency-ramp N    seconds of the half-load run sent before the measured part (default 2)
          --latency-rate N    events/s of the latency run (default: half of the measured maximum)
          --latency-streams N concurrent Ingest streams in the latency run (default 8)
          --ids v4|v7         event ids random (v4, default) or time-ordered (UUIDv7, RFC 9562)
          --commits N         Ingestion:MaxConcurrentCommits of the service (default: the service's, 2)
          --huge-pages on|off PostgreSQL's shared memory on huge pages (default on: the bench reserves the missing
                              ones when run as root, and gives them back at the end)
          --pg-stats          load pg_stat_statements and print where PostgreSQL spent the maximum-load run
          --pg-set NAME=VALUE an extra PostgreSQL setting for both runs (repeatable), e.g. autovacuum=off
          --service-env N=V   an extra environment variable of the service (repeatable), e.g. DOTNET_gcConcurrent=1
          --timeline FILE     write the half-load run's batches as CSV (unix ms when due, ack latency ms)
          --keep              keep the state folder (databases, logs) under /tmp
          --disk-probe N      only measure the disk: N seconds of 8 kB writes, each made durable (fsync), 100 a
                              second, as commits would; prints their latency (run it on an otherwise idle machine)
        """;

    public int Events { get; init; } = 1_000_000;

    /// <summary>Maximum-load rounds (and COPY loads); the ratio compares the medians.</summary>
    public int Rounds { get; init; } = 3;
    public int? Warmup { get; init; }
    public int BatchSize { get; init; } = 1000;
    public int Streams { get; init; } = 4;
    public int Window { get; init; } = 4;
    public int LatencyBatchSize { get; init; } = 500;
    public int LatencySeconds { get; init; } = 20;

    /// <summary>New connections and streams start together: the first seconds of the open loop are not steady state.</summary>
    public int LatencyRampSeconds { get; init; } = 2;
    public int? LatencyRate { get; init; }
    public int LatencyStreams { get; init; } = 8;
    public int? MaxConcurrentCommits { get; init; }

    /// <summary>UUIDv7 event ids (time first) instead of random v4 ones: the key index takes inserts at its recent end.</summary>
    public bool TimeOrderedIds { get; init; }
    public bool Keep { get; init; }
    public string? Timeline { get; init; }
    public bool PgStats { get; init; }

    /// <summary>PostgreSQL's shared memory on huge pages (huge_pages=try, the pages reserved by the bench) or not (off).</summary>
    public bool HugePages { get; init; } = true;
    public int? DiskProbeSeconds { get; init; }
    public IReadOnlyList<(string Name, string Value)> PgSettings { get; init; } = [];

    /// <summary>Extra environment of the service process (runtime knobs such as DOTNET_gcConcurrent, or Ingestion__ settings).</summary>
    public IReadOnlyList<(string Name, string Value)> ServiceEnvironment { get; init; } = [];

    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a positive number");
            int NextOrZero() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a number of 0 or more");
            (string Name, string Value) NextPair(bool emptyValue)
            {
                var option = args[i];
                return i + 1 < args.Length && args[++i].Split('=', 2) is [{ Length: > 0 } name, var value] && (emptyValue || value.Length > 0)
                    ? (name, value)
                    : throw new ArgumentException($"{option} needs NAME=VALUE{(emptyValue ? " (VALUE may be empty)" : "")}");
            }
            bool NextOnOff() => i + 1 < args.Length && args[++i] is "on" or "off"
                ? args[i] == "on"
                : throw new ArgumentException("--huge-pages needs on or off");
            string NextIdVersion() => i + 1 < args.Length && args[++i] is "v4" or "v7"
                ? args[i]
                : throw new ArgumentException("--ids needs v4 or v7");
            try
            {
                o = args[i] switch
                {
                    "--events" => o with { Events = Next() },
                    "--rounds" => o with { Rounds = Next() },
                    "--warmup" => o with { Warmup = Next() },
                    "--batch" => o with { BatchSize = Math.Min(1000, Next()) },
                    "--streams" => o with { Streams = Next() },
                    "--window" => o with { Window = Next() },
                    "--latency-batch" => o with { LatencyBatchSize = Math.Min(1000, Next()) },
                    "--latency-seconds" => o with { LatencySeconds = Next() },
                    "--latency-ramp" => o with { LatencyRampSeconds = NextOrZero() },
                    "--latency-rate" => o with { LatencyRate = Next() },
                    "--latency-streams" => o with { LatencyStreams = Next() },
                    "--commits" => o with { MaxConcurrentCommits = Next() },
                    "--keep" => o with { Keep = true },
                    "--ids" => o with { TimeOrderedIds = NextIdVersion() == "v7" },
                    "--timeline" when i + 1 < args.Length => o with { Timeline = args[++i] },
                    "--pg-stats" => o with { PgStats = true },
                    "--huge-pages" => o with { HugePages = NextOnOff() },
                    "--disk-probe" => o with { DiskProbeSeconds = Next() },
                    "--pg-set" => o with { PgSettings = [.. o.PgSettings, NextPair(emptyValue: false)] },
                    "--service-env" => o with { ServiceEnvironment = [.. o.ServiceEnvironment, NextPair(emptyValue: true)] },
                    _ => null,
                };
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return null;
            }
            if (o is null)
            {
                Console.Error.WriteLine($"unknown option {args[i]}");
                return null;
            }
        }
        return o;
    }
}
