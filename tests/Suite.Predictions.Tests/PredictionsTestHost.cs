using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Testing;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Tests;

/// <summary>
/// The predictions service in-process on its own database and RabbitMQ vhost, started once the global models are
/// loaded (and, if asked, the bus is ready), with what its test classes do to it: call, publish events, query.
/// </summary>
public sealed class PredictionsTestHost : IAsyncDisposable
{
    private readonly InfraFixture _infra;

    private PredictionsTestHost(InfraFixture infra, string database, WebApplicationFactory<Program> factory)
    {
        (_infra, ServiceConnectionString, Factory) = (infra, database, factory);
        Database = SystemScope.AllTenantsConnectionString(database);
        Client = new PredictionsClient(factory.Channel());
    }

    /// <summary>For the tests' own queries: every tenant's rows (the all-tenants scope of row-level security).</summary>
    public string Database { get; }

    /// <summary>The service's own connection string (its database owner, under row-level security).</summary>
    public string ServiceConnectionString { get; }
    public WebApplicationFactory<Program> Factory { get; }
    public PredictionsClient Client { get; }

    /// <param name="settings">On top of the defaults (lbfgs trainer) and the database/broker settings.</param>
    public static async Task<PredictionsTestHost> StartAsync(InfraFixture infra, IReadOnlyDictionary<string, string?> settings, bool waitForBus = true)
    {
        var database = await infra.CreateServiceDatabaseAsync("predictions");
        var all = ServiceFactory.Settings("predictions", database, await infra.CreateVirtualHostAsync("predictions"));
        all["Predictions:Trainer"] = "lbfgs";
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        var host = new PredictionsTestHost(infra, database, ServiceFactory.Create<Program>(all));
        await GlobalModels.WaitUntilLoadedAsync(host.Client, host.Auth("acme"));
        if (waitForBus)
        {
            await ServiceFactory.WaitForBusAsync(host.Factory.Services);
        }
        return host;
    }

    public Metadata Auth(string tenant) => new() { { "authorization", $"Bearer {_infra.TokenFor(tenant)}" } };

    /// <summary>Publishes the events as ingestion's relay would (MessageId = batch id), in batches of the contract's maximum.</summary>
    public async Task PublishAsync(string tenant, IReadOnlyList<IngestedEvent> events, DateTimeOffset committedAt)
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        foreach (var chunk in events.Chunk(EventBatchIngested.MaxEvents))
        {
            var batch = new EventBatchIngested(Guid.NewGuid(), tenant, committedAt, chunk);
            await bus.Publish(batch, c => c.MessageId = batch.BatchId);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(Database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
