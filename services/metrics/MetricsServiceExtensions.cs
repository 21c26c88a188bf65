using MassTransit;
using Suite.Metrics.Api;
using Suite.Metrics.Data;
using Suite.Metrics.Jobs;
using Suite.Metrics.Messaging;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Metrics;

public static class MetricsServiceExtensions
{
    public static IHostApplicationBuilder AddMetricsServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteDatabase("metricsdb", typeof(MetricsServiceExtensions).Assembly);
        builder.AddSuiteMessaging(x => x
            .AddConsumer<EventBatchIngestedConsumer>(c => c.Options<BatchOptions>(o => o
                .SetMessageLimit(EventBatchIngestedConsumer.MessageLimit)
                .SetTimeLimit(EventBatchIngestedConsumer.TimeLimit)
                // One batch at a time: a second concurrent batch waited on the first's hot rollup rows (the current minute,
                // hour and day) until it committed, which doubled the statement time without adding throughput.
                .SetConcurrencyLimit(1)))
            // Room for two full batches: when the consumer is behind, batches grow and it catches up.
            .Endpoint(e => e.PrefetchCount = 2 * EventBatchIngestedConsumer.MessageLimit + 10));
        // AccountHealthChanged from the nightly ETL.
        builder.AddSuiteOutbox();
        builder.Services.AddSingleton<MetricsTelemetry>();
        builder.Services.AddSingleton<KpiSeriesReader>();
        builder.Services.AddSingleton<ActiveUserReader>();
        builder.Services.AddSingleton<KpiSketchReader>();
        builder.Services.AddSingleton<KpiComputer>();
        builder.Services.AddSingleton<CustomKpiStore>();
        builder.Services.AddSingleton<DailyKpiEtl>();
        builder.AddRollupRetention();
        builder.AddNightlyEtl();
        builder.AddKpiGaugeExport();
        builder.Services.AddHostedService<OperationalGauges>();
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapGrpcService<MetricsApi>();
        return app;
    }
}
