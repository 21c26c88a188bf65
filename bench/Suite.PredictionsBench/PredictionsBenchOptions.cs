using System.Globalization;

namespace Suite.PredictionsBench;

public sealed record PredictionsBenchOptions(int Rate = 500, int Seconds = 20, int WarmupSeconds = 5, int BatchRows = 200_000, int BatchSize = 1000, int TrainRows = 100_000,
    bool SingleOnly = false, bool PerfMap = false, bool Keep = false)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Suite.PredictionsBench -- [options]
          --rate N            single ScoreChurn calls per second, open loop (default 500)
          --seconds N         how long (default 20)
          --warmup-seconds N  unmeasured open loop at the same rate before it (tiered JIT; default 5)
          --batch-rows N      rows scored through ScoreChurnBatch (default 200000)
          --batch-size N      rows per batch message (default 1000)
          --train-rows N      generated rows for the training measurement (default 100000)
          --single-only       only the single-call measurement (no batch, no training)
          --env NAME=VALUE    extra environment variable for the service (repeatable; e.g. DOTNET_gcServer=1)
          --perf-map          diagnosis: DOTNET_PerfMapEnabled=1 for the service, so perf can name JIT-compiled frames
          --keep              keep the state folder under /tmp
        """;

    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();

    public static PredictionsBenchOptions Parse(string[] args)
    {
        var o = new PredictionsBenchOptions();
        var env = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--rate" => o with { Rate = Next() },
                "--seconds" => o with { Seconds = Next() },
                "--warmup-seconds" => o with { WarmupSeconds = Next() },
                "--batch-rows" => o with { BatchRows = Next() },
                "--batch-size" => o with { BatchSize = Next() },
                "--train-rows" => o with { TrainRows = Next() },
                "--single-only" => o with { SingleOnly = true },
                "--perf-map" => o with { PerfMap = true },
                "--env" when args[++i].Split('=', 2) is [var name, var value] && name.Length > 0 => Add(o, env, name, value),
                "--keep" => o with { Keep = true },
                _ => throw new ArgumentException($"unknown option or bad value at {args[i]}\n{Usage}"),
            };
        }
        return o with { ServiceEnvironment = env };

        static PredictionsBenchOptions Add(PredictionsBenchOptions o, Dictionary<string, string> env, string name, string value)
        {
            env[name] = value;
            return o;
        }
    }
}
