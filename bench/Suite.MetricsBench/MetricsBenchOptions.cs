using System.Globalization;

namespace Suite.MetricsBench;

public sealed record MetricsBenchOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/Suite.MetricsBench -- [options]
          --events N        events behind the 90-day series (default 10000000)
          --days N          days they span (default 90)
          --queries N       GetKpiSeries calls measured (default 1000, after 100 unmeasured)
          --etl-events N    events of the day the ETL recomputes (default 1000000)
          --load-rate N     background events/s through ingestion during the freshness probes (default 3000)
          --probes N        freshness probes (default 60, one per second)
          --pg-stats        load pg_stat_statements and print where PostgreSQL spent the freshness phase
          --keep            keep the state folder under /tmp
        """;

    public int Events { get; init; } = 10_000_000;
    public int Days { get; init; } = 90;
    public int Queries { get; init; } = 1000;
    public int EtlEvents { get; init; } = 1_000_000;
    public int LoadRate { get; init; } = 3000;
    public int Probes { get; init; } = 60;
    public bool PgStats { get; init; }
    public bool Keep { get; init; }

    public static MetricsBenchOptions? Parse(string[] args)
    {
        var o = new MetricsBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a positive number");
            try
            {
                MetricsBenchOptions? next = args[i] switch
                {
                    "--events" => o with { Events = Next() },
                    "--days" => o with { Days = Next() },
                    "--queries" => o with { Queries = Next() },
                    "--etl-events" => o with { EtlEvents = Next() },
                    "--load-rate" => o with { LoadRate = Next() },
                    "--probes" => o with { Probes = Next() },
                    "--pg-stats" => o with { PgStats = true },
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
        return o;
    }
}
