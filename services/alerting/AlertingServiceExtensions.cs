using Suite.Alerting.Api;
using Suite.Alerting.Channels;
using Suite.Alerting.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Data;
using Suite.Alerting.Domain.Links;
using Suite.Alerting.Incidents;
using Suite.Alerting.Incidents.Watch;
using Suite.Alerting.Jobs;
using Suite.Alerting.Jobs.DocumentRules;
using Suite.Alerting.Messaging;
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
        builder.AddSuiteMessaging(x =>
        {
            x.AddConsumer<ThreatDetectedConsumer>();
            x.AddConsumer<ChurnRiskChangedConsumer>();
            x.AddConsumer<AccountHealthChangedConsumer>();
        });
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
        builder.Services.AddHttpClient(WebhookChannel.HttpClientName, c => c.Timeout = alerting.Notifier.SendTimeout)
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<INotificationChannel, SlackChannel>();
        builder.Services.AddSingleton<INotificationChannel, EmailChannel>();
        builder.Services.AddSingleton<INotificationChannel, WebhookChannel>();

        // Signed Acknowledge/Resolve links: with ActionLinks registered the channels take their constructors that add buttons.
        var (linkKey, linkError) = alerting.Links.ResolveKey(builder.Environment.IsDevelopment());
        if (linkError is not null)
        {
            throw new InvalidOperationException("Invalid configuration: " + linkError);
        }
        if (linkKey is not null)
        {
            builder.Services.AddSingleton(new ActionLinks(linkKey, new Uri(alerting.Links.PublicBaseUrl!)));
        }

        // Incidents. The configuration store registers its IConfigSource; without one every tenant is empty.
        builder.Services.TryAddSingleton<IConfigSource, EmptyConfigSource>();
        builder.Services.AddSingleton<EscalationSignal>();
        builder.Services.AddSingleton<IncidentDeliverySignal>();
        builder.Services.AddSingleton<IncidentIntake>();
        builder.Services.AddSingleton<IncidentActions>();
        builder.Services.AddSingleton<IncidentSender>();
        builder.Services.AddSingleton<EventIncidentWriter>();
        builder.Services.AddHostedService<EscalationWorker>();
        builder.Services.AddHostedService<IncidentDispatcher>();
        // Watchers (WatchAlerts): one LISTEN connection per replica fans incident changes out; test messages.
        builder.Services.AddSingleton<IncidentWatchHub>();
        builder.Services.AddHostedService<IncidentChangeListener>();
        builder.Services.AddSingleton<TestNotifier>();

        builder.Services.AddSingleton<EvaluationCycle>();
        builder.Services.AddSingleton<KpiRuleCycle>();
        builder.Services.AddHostedService<RuleEvaluator>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        return builder;
    }

    public static WebApplication MapAlerting(this WebApplication app)
    {
        app.MapGrpcService<AlertingApi>();
        app.MapGrpcService<AlertConfigApi>();
        app.MapActionLinks();
        return app;
    }
}
