using Suite.Contracts.Events;
using Suite.Metrics.Tests.Integration;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>A metrics host (own database and vhost) with the golden event set ingested once for one tenant.</summary>
public sealed class GoldenHost(InfraFixture infra) : IAsyncLifetime
{
    public MetricsHost Host { get; } = new(infra);
    public string Tenant { get; } = "t-golden-" + Guid.NewGuid().ToString("N")[..8];
    public IReadOnlyList<IngestedEvent> Events { get; } = GoldenEvents.Generate(16_000, seed: 20250101);

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        var batches = Events.Chunk(EventBatchIngested.MaxEvents)
            .Select(chunk => new EventBatchIngested(Guid.NewGuid(), Tenant, DateTimeOffset.UtcNow, chunk))
            .ToList();
        foreach (var batch in batches)
        {
            await Host.PublishAsync(batch, batch.BatchId);
        }
        // Redeliver the first batch: the golden numbers must not move.
        await Host.PublishAsync(batches[0], batches[0].BatchId);
        await Host.WaitForConsumedAsync(batches[0].BatchId, deliveries: 2);
        foreach (var batch in batches.Skip(1))
        {
            await Host.WaitForConsumedAsync(batch.BatchId);
        }
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}
