using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Suite.Testing;

/// <summary>A suite service in-process (WebApplicationFactory) on the fixture's real PostgreSQL and RabbitMQ.</summary>
public static class ServiceFactory
{
    /// <summary>What every service needs: its database (ConnectionStrings:{service}db), the broker and the signing key.</summary>
    public static Dictionary<string, string?> Settings(string service, string database, string rabbitMq) => new()
    {
        [$"ConnectionStrings:{service}db"] = database,
        ["ConnectionStrings:rabbitmq"] = rabbitMq,
        ["Auth:SigningKey"] = InfraFixture.SigningKey,
    };

    public static WebApplicationFactory<TProgram> Create<TProgram>(
        IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configureServices = null)
        where TProgram : class =>
        new WebApplicationFactory<TProgram>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            if (configureServices is not null)
            {
                builder.ConfigureTestServices(configureServices);
            }
        });

    /// <summary>A gRPC channel over the in-memory test server.</summary>
    public static GrpcChannel Channel<TProgram>(this WebApplicationFactory<TProgram> factory) where TProgram : class =>
        GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });

    /// <summary>The bus starts in the background: tests that publish or listen on the vhost wait for it (and its endpoints).</summary>
    public static Task WaitForBusAsync(IServiceProvider services)
    {
        var bus = services.GetRequiredService<IBusControl>();
        return Eventually.TrueAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, "the bus and its endpoints to connect to RabbitMQ");
    }
}
