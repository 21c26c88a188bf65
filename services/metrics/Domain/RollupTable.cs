namespace Suite.Metrics.Domain;

/// <summary>Which rollup table a series is read from.</summary>
public static class RollupTable
{
    public static readonly KpiGranularity[] All = [KpiGranularity.Minute, KpiGranularity.Hour, KpiGranularity.Day];

    public static string NameOf(KpiGranularity table) => table switch
    {
        KpiGranularity.Minute => "rollup_minute",
        KpiGranularity.Hour => "rollup_hour",
        KpiGranularity.Day => "rollup_day",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>The dimensionless sketch table of a granularity (migration 0010).</summary>
    public static string SketchTableOf(KpiGranularity table) => NameOf(table).Replace("rollup_", "rollup_sketch_", StringComparison.Ordinal);

    /// <summary>
    /// The coarsest table whose buckets are no wider than the requested granularity and whose bucket boundaries
    /// fall on from and to (a row counts when its bucket starts in [from, to), so a coarser table would move
    /// events across the range edges). Minute is always exact for the whole-minute timestamps callers use.
    /// </summary>
    public static KpiGranularity Choose(KpiGranularity granularity, DateTimeOffset from, DateTimeOffset to)
    {
        for (var i = All.Length - 1; i > 0; i--)
        {
            var table = All[i];
            if (table <= granularity && table.BucketStart(from) == from && table.BucketStart(to) == to)
            {
                return table;
            }
        }
        return KpiGranularity.Minute;
    }
}
