using Suite.Alerting.Api;
using Suite.Alerting.Channels;
using Suite.Alerting.Configuration;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Data;
using Suite.Alerting.Jobs;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Grpc;
using Suite.ServiceDefaults.Messaging;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.Alerting;

public static class AlertingServiceExtensions
{
    public static IHostApplicationBuilder AddAlertingServices(this IHostApplicationBuilder builder)
    {
        // Fail before anything starts if the configuration is wrong.
        var (alerting, smtp) = AlertingConfiguration.Load(builder.Configuration);
        builder.Services.AddSingleton(alerting);
        builder.Services.AddSingleton(smtp);

        builder.AddSuiteDatabase("alertingdb", typeof(Program).Assembly);
        builder.AddSuiteMessaging();
        builder.AddSuiteOutbox();
        builder.Services.AddSuiteGrpcClient<MetricsClient>("metrics");

        builder.Services.AddSingleton<RuleRepository>();
        builder.Services.AddSingleton<AlertRepository>();
        builder.Services.AddSingleton<AlertingMetrics>();
        builder.Services.AddSingleton<NotificationSignal>();
        builder.Services.AddSingleton<ConfigStore>();
        builder.Services.AddSingleton<IConfigSource>(sp => sp.GetRequiredService<ConfigStore>());

        // Retries belong to the durable notifier (backoff survives restarts): no resilience handler that would retry
        // a POST on its own, and no redirects to wherever a webhook URL points.
#pragma warning disable EXTEXP0001 // experimental, but the documented way to opt one client out of the defaults
        builder.Services.AddHttpClient(SlackChannel.HttpClientName, c => c.Timeout = alerting.Notifier.SendTimeout)
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<INotificationChannel, SlackChannel>();
        builder.Services.AddSingleton<INotificationChannel, EmailChannel>();

        builder.Services.AddSingleton<EvaluationCycle>();
        builder.Services.AddHostedService<RuleEvaluator>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        return builder;
    }

    public static WebApplication MapAlerting(this WebApplication app)
    {
        app.MapGrpcService<AlertingApi>();
        app.MapGrpcService<AlertConfigApi>();
        return app;
    }
}
