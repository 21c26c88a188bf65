using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Suite.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// MassTransit over RabbitMQ from ConnectionStrings:rabbitmq (an amqp:// URI). Queues are prefixed with the
    /// service name so competing consumers are per service; failed messages retry with backoff, then land in the
    /// MassTransit _error queue (never silently acked). The bus starts in the background: a service keeps serving
    /// (and its outbox keeps filling) while the broker is down.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString) || !Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException($"Invalid configuration: ConnectionStrings:{ConnectionName} must be an amqp:// URI");
        }
        var service = SuiteService.NameOf(builder.Environment);

        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service, false));
            configure?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                var (user, password) = Credentials(uri);
                var vhost = uri.AbsolutePath.Trim('/');
                cfg.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), string.IsNullOrEmpty(vhost) ? "/" : Uri.UnescapeDataString(vhost), h =>
                {
                    h.Username(user);
                    h.Password(password);
                });
                cfg.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400)));
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>Adds the outbox relay: rows written with <see cref="Outbox.EnqueueAsync{T}"/> get published.</summary>
    public static IHostApplicationBuilder AddSuiteOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }

    private static (string User, string Password) Credentials(Uri uri)
    {
        var parts = uri.UserInfo.Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }
}
