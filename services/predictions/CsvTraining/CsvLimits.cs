namespace Suite.Predictions.CsvTraining;

/// <summary>Bounds on an uploaded table, checked while it streams in so an oversized upload fails early.</summary>
public sealed record CsvLimits(int MaxColumns = CsvLimits.DefaultMaxColumns, long MaxRows = CsvLimits.DefaultMaxRows, int MaxFieldLength = CsvLimits.DefaultMaxFieldLength)
{
    public const int DefaultMaxColumns = 200;
    public const long DefaultMaxRows = 1_000_000;
    public const int DefaultMaxFieldLength = 4_096;

    public static CsvLimits Default { get; } = new();
}
