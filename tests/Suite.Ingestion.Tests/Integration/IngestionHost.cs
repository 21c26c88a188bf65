using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suite.ServiceDefaults.Data;
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

    /// <summary>The service's own connection string (its database owner, under row-level security).</summary>
    public string ConnectionString { get; private set; } = null!;
    public IngestionClient Client => new(_channel ?? throw new InvalidOperationException("not started"));
    public IServiceProvider Services => Factory.Services;

    public async Task InitializeAsync()
    {
        var db = await infra.CreateServiceDatabaseAsync("ingestion");
        var vhost = await infra.CreateVirtualHostAsync("ingestion");
        // The tests look at every tenant's rows.
        Database = NpgsqlDataSource.Create(SystemScope.AllTenantsConnectionString(db));
        ConnectionString = db;
        _factory = ServiceFactory.Create<Program>(ServiceFactory.Settings("ingestion", db, vhost).Concat(Settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))));
        _channel = _factory.Channel();
        await ServiceFactory.WaitForBusAsync(Services);
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
