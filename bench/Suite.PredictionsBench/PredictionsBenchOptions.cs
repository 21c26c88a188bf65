using System.Globalization;

namespace Suite.PredictionsBench;

public sealed record PredictionsBenchOptions(int Rate = 500, int Seconds = 20, int BatchRows = 200_000, int BatchSize = 1000, int TrainRows = 100_000, bool Keep = false)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Suite.PredictionsBench -- [options]
          --rate N         single ScoreChurn calls per second, open loop (default 500)
          --seconds N      how long (default 20)
          --batch-rows N   rows scored through ScoreChurnBatch (default 200000)
          --batch-size N   rows per batch message (default 1000)
          --train-rows N   generated rows for the training measurement (default 100000)
          --keep           keep the state folder under /tmp
        """;

    public static PredictionsBenchOptions Parse(string[] args)
    {
        var o = new PredictionsBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--rate" => o with { Rate = Next() },
                "--seconds" => o with { Seconds = Next() },
                "--batch-rows" => o with { BatchRows = Next() },
                "--batch-size" => o with { BatchSize = Next() },
                "--train-rows" => o with { TrainRows = Next() },
                "--keep" => o with { Keep = true },
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
        }
        return o;
    }
}
