using Suite.Ingestion.Api;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Limits;
using Suite.Ingestion.Jobs;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Limits;
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
        builder.Services.AddSingleton(new CommitQueue(options.MaxConcurrentCommits, options.MaxCommitGroupEvents));
        builder.Services.AddSingleton<EventValidator>();
        builder.Services.AddSingleton<TenantRateLimiter>();

        TuneConnectionString(builder.Configuration);
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

    /// <summary>
    /// Ingestion writes each batch as ~0.5 MB of COPY data and outbox JSON, and the relay reads the payloads back:
    /// bigger socket buffers than Npgsql's 8 KB defaults mean a few system calls per batch instead of dozens. No
    /// session state is ever set on these connections, so the DISCARD ALL that Npgsql sends when a pooled connection
    /// is reused is skipped, which also keeps the connection's prepared statements: the few statements of the commit
    /// path run thousands of times a second, so they are prepared once per connection instead of parsed and planned
    /// each time (Npgsql's automatic preparation). Values the operator set in the connection string win.
    /// </summary>
    internal static void TuneConnectionString(IConfiguration configuration)
    {
        const string key = "ConnectionStrings:ingestiondb";
        if (string.IsNullOrWhiteSpace(configuration[key]))
        {
            return;   // AddSuiteDatabase reports it
        }
        // NpgsqlConnectionStringBuilder.ContainsKey is true for every known keyword: look at what was written.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configuration[key] };
        bool Given(string keyword) => given.ContainsKey(keyword) || given.ContainsKey(keyword.Replace(" ", ""));
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(configuration[key]);
        if (!Given("Write Buffer Size"))
        {
            cs.WriteBufferSize = 256 * 1024;
        }
        if (!Given("Read Buffer Size"))
        {
            cs.ReadBufferSize = 64 * 1024;
        }
        if (!Given("No Reset On Close"))
        {
            cs.NoResetOnClose = true;
        }
        if (!Given("Max Auto Prepare"))
        {
            cs.MaxAutoPrepare = 16;
        }
        configuration[key] = cs.ConnectionString;
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
        var requestLimits = configuration.GetSection(RequestSizeOptions.Section).Get<RequestSizeOptions>() ?? new RequestSizeOptions();
        var errors = options.Validate(requestLimits.MaxGrpcMessageBytes).ToList();
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", errors));
    }
}
