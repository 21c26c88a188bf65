namespace Suite.Metrics.Domain;

/// <summary>How long each rollup table keeps its buckets (minute short, hour and day long).</summary>
public sealed record RetentionPolicy(TimeSpan Minute, TimeSpan Hour, TimeSpan Day)
{
    public static readonly RetentionPolicy Default = new(TimeSpan.FromDays(7), TimeSpan.FromDays(730), TimeSpan.FromDays(730));

    public TimeSpan For(KpiGranularity table) => table switch
    {
        KpiGranularity.Minute => Minute,
        KpiGranularity.Hour => Hour,
        KpiGranularity.Day => Day,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>
    /// Buckets starting before this instant are deleted: now minus the retention, rounded down to a whole bucket of
    /// the table so a bucket is either kept whole or dropped whole.
    /// </summary>
    public DateTimeOffset CutoffFor(KpiGranularity table, DateTimeOffset now) => table.BucketStart(now - For(table));

    /// <summary>Retentions must be positive and grow with the bucket width (a coarse table never forgets first).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var table in RollupTable.All)
        {
            if (For(table) <= TimeSpan.Zero)
            {
                problems.Add($"Metrics:Retention:{table} must be positive");
            }
        }
        if (Hour < Minute || Day < Hour)
        {
            problems.Add("Metrics:Retention: Minute <= Hour <= Day is required");
        }
        return problems;
    }
}
