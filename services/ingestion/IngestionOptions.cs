using Suite.Ingestion.Domain;

namespace Suite.Ingestion;

/// <summary>Section "Ingestion"; validated at start-up.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>How old an event may be when it arrives; also how far back partitions are kept ready.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How far an event's corrected occurred_at may lie ahead of its arrival.</summary>
    public int MaxFutureMinutes { get; set; } = 60;

    public IEnumerable<string> Validate()
    {
        if (RetentionDays is < 1 or > 3660)
        {
            yield return $"Ingestion:RetentionDays must be between 1 and 3660 (got {RetentionDays})";
        }
        if (MaxFutureMinutes is < 0 or > 1440)
        {
            yield return $"Ingestion:MaxFutureMinutes must be between 0 and 1440 (got {MaxFutureMinutes})";
        }
    }

    public IngestionPolicy ToPolicy() => new(TimeSpan.FromDays(RetentionDays), TimeSpan.FromMinutes(MaxFutureMinutes));
}
