namespace Suite.Contracts.Events;

/// <summary>The compact form of one accepted event, as carried inside <see cref="EventBatchIngested"/>.</summary>
/// <param name="Properties">
/// The event's (already redacted) properties, bounded per event (<see cref="MaxPropertyChars"/>); null when it had none.
/// </param>
public sealed record IngestedEvent(
    Guid EventId,
    string Domain,
    string Type,
    DateTimeOffset OccurredAt,
    string? UserId,
    string? AccountId,
    string? Status,
    string? CountryCode,
    string? Provider,
    string? ServiceCode,
    long? AmountMinor,
    string? Currency,
    long? DurationMs,
    string? EntityType = null,
    string? EntityId = null,
    string? SessionId = null,
    IReadOnlyDictionary<string, string>? Properties = null)
{
    /// <summary>
    /// Keys and values of one event's properties carried in the announcement, in total; properties beyond it stay
    /// in events_raw only. Keeps a 1000-event message bounded (~2.5 MB) although an event may be 32 KB.
    /// </summary>
    public const int MaxPropertyChars = 2048;
}
