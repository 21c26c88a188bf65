namespace Suite.Ingestion.Domain;

/// <summary>The time window an event must fall into (after clock-skew correction), relative to its arrival, and its size limits.</summary>
/// <param name="Retention">Events older than this are rejected: they would land in partitions that get dropped.</param>
/// <param name="MaxFuture">Tolerance for clocks that run ahead even after correction.</param>
public sealed record IngestionPolicy(TimeSpan Retention, TimeSpan MaxFuture)
{
    public static readonly IngestionPolicy Default = new(TimeSpan.FromDays(90), TimeSpan.FromHours(1));

    /// <summary>Encoded (protobuf) size of one event.</summary>
    public int MaxEventBytes { get; init; } = EventLimits.DefaultMaxEventBytes;

    public int MaxProperties { get; init; } = EventLimits.MaxProperties;
}
