namespace Suite.Contracts.Events;

/// <summary>
/// A batch of events committed by ingestion for one tenant. Batched because RabbitMQ carries a few thousand
/// messages/s here; at most <see cref="MaxEvents"/> events per message.
/// </summary>
public sealed record EventBatchIngested(Guid BatchId, string Tenant, DateTimeOffset CommittedAt, IReadOnlyList<IngestedEvent> Events)
{
    public const int MaxEvents = 1000;
}
