using Suite.Ingestion.Api;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Limits;
using Suite.Ingestion.Jobs;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Ingestion;

public static class IngestionServiceExtensions
{
    public static IHostApplicationBuilder AddIngestionServices(this IHostApplicationBuilder builder)
    {
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(options.ToPolicy());
        builder.Services.AddSingleton(options.ToRequestLimits());
        builder.Services.AddSingleton(options.ToTenantPolicies());
        builder.Services.AddSingleton(new CommitGate(options.MaxConcurrentCommits));
        builder.Services.AddSingleton<EventValidator>();
        builder.Services.AddSingleton<TenantRateLimiter>();

        builder.AddSuiteDatabase("ingestiondb", typeof(IngestionServiceExtensions).Assembly);
        builder.AddSuiteMessaging();
        builder.AddSuiteOutbox();

        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<ErasureStore>();
        builder.Services.AddSingleton<StatsBuffer>();
        builder.Services.AddSingleton<StatsStore>();
        builder.Services.AddSingleton<PartitionMaintenance>();
        builder.Services.AddSingleton<IngestionPipeline>();
        // Registered after AddSuiteDatabase: hosted services start in order, so migrations run first.
        builder.Services.AddHostedService<PartitionMaintenanceJob>();
        builder.Services.AddSingleton<PartitionRetentionJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PartitionRetentionJob>());
        builder.Services.AddSingleton<StatsFlushJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatsFlushJob>());
        return builder;
    }

    public static WebApplication MapIngestion(this WebApplication app)
    {
        app.MapGrpcService<IngestionApi>();
        return app;
    }

    private static IngestionOptions ReadOptions(IConfiguration configuration)
    {
        IngestionOptions? options;
        try
        {
            options = configuration.GetSection(IngestionOptions.Section).Get<IngestionOptions>(o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Invalid configuration: section {IngestionOptions.Section}: {ex.Message}", ex);
        }
        options ??= new IngestionOptions();
        var errors = options.Validate().ToList();
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", errors));
    }
}
