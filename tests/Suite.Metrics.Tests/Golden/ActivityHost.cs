using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Suite.Contracts.Events;
using Suite.Metrics.Tests.Integration;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>A metrics host with <see cref="ActivityEvents"/> ingested (one batch redelivered) and a clock at <see cref="Now"/>.</summary>
public sealed class ActivityHost : IAsyncLifetime
{
    /// <summary>Day 35 of the data: late cohorts cannot reach the long offsets yet.</summary>
    public static readonly DateTimeOffset Now = ActivityEvents.Start.AddDays(35).AddHours(12);

    public ActivityHost(InfraFixture infra) =>
        Host = new MetricsHost(infra) { ConfigureServices = s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)) };

    public MetricsHost Host { get; }
    public string Tenant { get; } = "t-activity-" + Guid.NewGuid().ToString("N")[..8];
    public IReadOnlyList<IngestedEvent> Events { get; } = ActivityEvents.Generate(200, seed: 20250102);

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        var batches = Events.Chunk(500)
            .Select(chunk => new EventBatchIngested(Guid.NewGuid(), Tenant, DateTimeOffset.UtcNow, chunk))
            .ToList();
        foreach (var batch in batches)
        {
            await Host.PublishAsync(batch, batch.BatchId);
        }
        await Host.PublishAsync(batches[^1], batches[^1].BatchId);
        await Host.WaitForConsumedAsync(batches[^1].BatchId, deliveries: 2);
        foreach (var batch in batches.SkipLast(1))
        {
            await Host.WaitForConsumedAsync(batch.BatchId);
        }
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}
