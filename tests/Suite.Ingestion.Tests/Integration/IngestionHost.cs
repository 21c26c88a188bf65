using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Testing;
using IngestionClient = Suite.Contracts.Ingestion.V1.Ingestion.IngestionClient;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>The ingestion service in-process, on a fresh database and a fresh RabbitMQ vhost (one per test class).</summary>
public class IngestionHost(InfraFixture infra) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("not started");
    public NpgsqlDataSource Database { get; private set; } = null!;
    public IngestionClient Client => new(_channel ?? throw new InvalidOperationException("not started"));
    public IServiceProvider Services => Factory.Services;

    public async Task InitializeAsync()
    {
        var db = await infra.CreateDatabaseAsync("ingestion");
        var vhost = await infra.CreateVirtualHostAsync("ingestion");
        Database = NpgsqlDataSource.Create(db);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:ingestiondb", db);
            b.UseSetting("ConnectionStrings:rabbitmq", vhost);
            b.UseSetting("Auth:SigningKey", InfraFixture.SigningKey);
            foreach (var (key, value) in Settings)
            {
                b.UseSetting(key, value);
            }
        });
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        await WaitForBusAsync();
        await ConnectRecorderAsync();
    }

    /// <summary>Every EventBatchIngested published on this vhost, with its MessageId, as a consumer sees it.</summary>
    public ConcurrentQueue<(Guid? MessageId, EventBatchIngested Message)> Published { get; } = new();

    /// <summary>A second receive endpoint on the same vhost, bound to the EventBatchIngested exchange.</summary>
    private async Task ConnectRecorderAsync()
    {
        var bus = Services.GetRequiredService<IBus>();
        var handle = bus.ConnectReceiveEndpoint("ingestion-tests-recorder", e => e.Handler<EventBatchIngested>(ctx =>
        {
            Published.Enqueue((ctx.MessageId, ctx.Message));
            return Task.CompletedTask;
        }));
        await handle.Ready;
    }

    /// <summary>Extra configuration for hosts that test limits and policies.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public InfraFixture Infra => infra;

    public Metadata AuthFor(string tenant, params string[] roles) => new() { { "Authorization", "Bearer " + infra.TokenFor(tenant, roles) } };

    public string TokenFor(string tenant, params string[] roles) => infra.TokenFor(tenant, roles);

    /// <summary>The bus starts in the background; tests that listen on the vhost need it connected.</summary>
    private async Task WaitForBusAsync()
    {
        var bus = Services.GetRequiredService<IBusControl>();
        await Eventually.TrueAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), "the bus to connect to RabbitMQ");
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>Waits for something that happens asynchronously (a relay, a consumer); fails with a clear message.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting for {what} after {timeoutSeconds} s");
            }
            await Task.Delay(100);
        }
    }
}
