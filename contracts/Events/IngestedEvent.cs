namespace Suite.Contracts.Events;

/// <summary>The compact form of one accepted event, as carried inside <see cref="EventBatchIngested"/>.</summary>
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
    long? DurationMs);
