using Suite.Ingestion.Api;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
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
        builder.Services.AddSingleton<EventValidator>();

        builder.AddSuiteDatabase("ingestiondb", typeof(IngestionServiceExtensions).Assembly);
        builder.AddSuiteMessaging();
        builder.AddSuiteOutbox();

        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<PartitionMaintenance>();
        // Registered after AddSuiteDatabase: hosted services start in order, so migrations run first.
        builder.Services.AddHostedService<PartitionMaintenanceJob>();
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
