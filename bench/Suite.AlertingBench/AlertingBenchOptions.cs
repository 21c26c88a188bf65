using System.Globalization;

namespace Suite.AlertingBench;

public sealed record AlertingBenchOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/Suite.AlertingBench -- [options]
          --tenants N       tenants, one configuration document each (default 10)
          --rules N         KPI rules per tenant (default 1000)
          --anomaly N       of those, z-score rules (20 one-minute points); the rest are threshold rules (default 100)
          --interval S      Alerting:EvaluationInterval in seconds (default 5)
          --concurrency N   Alerting:EvaluationConcurrency (default 8)
          --warmup N        cycles after every rule's first evaluation before measuring (JIT tiering; default 3)
          --cycles N        measured cycles (default 6)
          --fire N          threshold rules that start firing in one cycle, spread over the tenants (default 1000)
          --async-commit    diagnosis: PostgreSQL synchronous_commit = off (no WAL flush wait per commit)
          --perf-map        diagnosis: DOTNET_PerfMapEnabled=1 for the service, so perf can name JIT-compiled frames
          --keep            keep the state folder under /tmp
        """;

    public int Tenants { get; init; } = 10;
    public int Rules { get; init; } = 1000;
    public int Anomaly { get; init; } = 100;
    public int Interval { get; init; } = 5;
    public int Concurrency { get; init; } = 8;
    public int Warmup { get; init; } = 3;
    public int Cycles { get; init; } = 6;
    public int Fire { get; init; } = 1000;
    public bool AsyncCommit { get; init; }
    public bool PerfMap { get; init; }
    public bool Keep { get; init; }

    public int TotalRules => Tenants * Rules;

    public static AlertingBenchOptions? Parse(string[] args)
    {
        var o = new AlertingBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a number >= 0");
            try
            {
                AlertingBenchOptions? next = args[i] switch
                {
                    "--tenants" => o with { Tenants = Next() },
                    "--rules" => o with { Rules = Next() },
                    "--anomaly" => o with { Anomaly = Next() },
                    "--interval" => o with { Interval = Next() },
                    "--concurrency" => o with { Concurrency = Next() },
                    "--warmup" => o with { Warmup = Next() },
                    "--cycles" => o with { Cycles = Next() },
                    "--fire" => o with { Fire = Next() },
                    "--async-commit" => o with { AsyncCommit = true },
                    "--perf-map" => o with { PerfMap = true },
                    "--keep" => o with { Keep = true },
                    _ => null,
                };
                if (next is null)
                {
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return null;
                }
                o = next;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return null;
            }
        }
        if (o.Tenants < 1 || o.Rules < 1 || o.Anomaly > o.Rules || o.Interval < 1 || o.Concurrency is < 1 or > 64 || o.Cycles < 1
            || o.Fire > o.Tenants * (o.Rules - o.Anomaly))
        {
            Console.Error.WriteLine("need tenants, rules, interval, cycles >= 1; anomaly <= rules; concurrency 1..64; fire <= threshold rules");
            return null;
        }
        return o;
    }
}
