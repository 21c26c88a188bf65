using System.Globalization;

namespace Suite.ReportingBench;

public sealed record ReportingBenchOptions(int Renders = 20, int WarmUp = 3, string? Out = null)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Suite.ReportingBench -- [options]
          --renders N   measured renders per format (default 20)
          --warmup N    renders before measuring (default 3)
          --out DIR     write one rendered file per format there
        """;

    public static ReportingBenchOptions Parse(string[] args)
    {
        var o = new ReportingBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--renders" => o with { Renders = Next() },
                "--warmup" => o with { WarmUp = Next() },
                "--out" => o with { Out = args[++i] },
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
        }
        return o;
    }
}
