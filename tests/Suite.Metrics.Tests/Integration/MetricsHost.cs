using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Events;
using Suite.Testing;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;
using Suite.ServiceDefaults.Data;

namespace Suite.Metrics.Tests.Integration;

/// <summary>The metrics service in-process, on a fresh database and a fresh RabbitMQ vhost (one per test class).</summary>
public sealed class MetricsHost(InfraFixture infra) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;
    private readonly ConsumeCounter _consumed = new();

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("not started");
    public MetricsClient Client => new(_channel ?? throw new InvalidOperationException("not started"));
    /// <summary>For the tests' own queries: every tenant's rows (the all-tenants scope of row-level security).</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>The service's own connection string (its database owner, under row-level security).</summary>
    public string ServiceConnectionString { get; private set; } = "";

    /// <summary>Replaces services before start (e.g. a FakeTimeProvider); set before InitializeAsync.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Configuration on top of the database/broker/key settings; set before InitializeAsync.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        ServiceConnectionString = await infra.CreateServiceDatabaseAsync("metrics");
        DatabaseConnectionString = SystemScope.AllTenantsConnectionString(ServiceConnectionString);
        var vhost = await infra.CreateVirtualHostAsync("metrics");
        _factory = ServiceFactory.Create<Program>(ServiceFactory.Settings("metrics", ServiceConnectionString, vhost).Concat(Settings), ConfigureServices);
        _channel = _factory.Channel();

        // Publishing before the consumer's queue is bound would lose the message: wait for the bus and its endpoints.
        await ServiceFactory.WaitForBusAsync(_factory.Services);
        var bus = _factory.Services.GetRequiredService<IBusControl>();
        bus.ConnectConsumeObserver(_consumed);
    }

    public Metadata AuthFor(string tenant) => new() { { "Authorization", "Bearer " + infra.TokenFor(tenant) } };

    public string TokenFor(string tenant) => infra.TokenFor(tenant);

    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Publishes the events as one batch for the tenant and waits until the consumer has applied it.</summary>
    public async Task IngestAsync(string tenant, IEnumerable<IngestedEvent> events)
    {
        var batch = new EventBatchIngested(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, events.ToList());
        await PublishAsync(batch, batch.BatchId);
        await WaitForConsumedAsync(batch.BatchId);
    }

    /// <summary>Publishes on the vhost as ingestion's outbox relay does: MessageId = the outbox row id.</summary>
    public Task PublishAsync(EventBatchIngested message, Guid messageId) =>
        Factory.Services.GetRequiredService<IBus>().Publish(message, ctx => ctx.MessageId = messageId);

    /// <summary>Waits until the consumer has finished (committed or skipped) this many deliveries of a message id.</summary>
    public Task WaitForConsumedAsync(Guid messageId, int deliveries = 1) =>
        Eventually.TrueAsync(() => Task.FromResult(_consumed.Count(messageId) >= deliveries), $"{deliveries} deliveries of {messageId} to be consumed");

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private sealed class ConsumeCounter : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _done = new();

        public int Count(Guid messageId) => _done.GetValueOrDefault(messageId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
            {
                _done.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
