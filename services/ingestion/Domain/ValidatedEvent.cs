using Suite.Contracts.Events;

namespace Suite.Ingestion.Domain;

/// <summary>An event that passed validation, normalised (upper-case codes, empty strings as null, UTC times).</summary>
/// <param name="OccurredAt">After clock-skew correction; the partition key and what KPIs use.</param>
/// <param name="ClientOccurredAt">As the client sent it, kept for diagnosis.</param>
public sealed record ValidatedEvent(
    Guid EventId,
    string Domain,
    string Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset ClientOccurredAt,
    DateTimeOffset? SentAt,
    DateTimeOffset ReceivedAt,
    string? UserId,
    string? AccountId,
    string? EntityType,
    string? EntityId,
    string? Status,
    string? Provider,
    string? ServiceCode,
    string? CountryCode,
    long? AmountMinor,
    string? Currency,
    long? DurationMs,
    string? SessionId,
    IReadOnlyDictionary<string, string> Properties,
    int SchemaVersion)
{
    /// <summary>The compact form carried by <see cref="EventBatchIngested"/>.</summary>
    public IngestedEvent ToIngested() => new(
        EventId, Domain, Type, OccurredAt, UserId, AccountId, Status, CountryCode, Provider, ServiceCode,
        AmountMinor, Currency, DurationMs, EntityType, EntityId, SessionId, Properties.Count == 0 ? null : Properties);
}
