using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Suite.ServiceDefaults.Audit;
using Suite.ServiceDefaults.Configuration;

namespace Suite.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's PostgreSQL data source from ConnectionStrings:{name} (Aspire's convention), a readiness
    /// check, and migration at start-up: first the shared outbox/inbox tables, then the service's own embedded scripts.
    /// Also the <see cref="SystemScope.AllTenants"/> data source for work that spans tenants (row-level security,
    /// docs/tenant-isolation.md); migrations run in it, so a script may update rows of every tenant.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteDatabase(this IHostApplicationBuilder builder, string connectionName, Assembly migrationsAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Invalid configuration: ConnectionStrings:{connectionName} is not set");
        }
        // Factories, not instances: the container then disposes the pools (and closes their connections) with the host.
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = connectionName }.Build());
        builder.Services.AddKeyedSingleton(SystemScope.AllTenants, (_, _) =>
            new NpgsqlDataSourceBuilder(SystemScope.AllTenantsConnectionString(connectionString)) { Name = $"{connectionName}-{SystemScope.AllTenants}" }.Build());
        builder.Services.AddSingleton(new DatabaseMigrations(
        [
            .. SqlMigrator.ScriptsFrom(typeof(DatabaseExtensions).Assembly, "suite"),
            .. SqlMigrator.ScriptsFrom(migrationsAssembly, SuiteService.NameOf(builder.Environment)),
        ]));
        builder.Services.AddSingleton<MigrationState>();
        builder.Services.AddHostedService<MigrationHostedService>();
        builder.Services.AddSuiteAudit();   // audit_log is one of the shared tables
        builder.Services.AddSingleton(builder.Configuration.BindStrict<AuditOptions>(AuditOptions.Section, o => o.Validate()));
        builder.Services.AddSingleton<AuditRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [Extensions.ReadyTag]);
        return builder;
    }
}

public sealed record DatabaseMigrations(IReadOnlyList<(string Version, string Sql)> Scripts);

/// <summary>Whether this host's migrations have run (readiness waits for it).</summary>
public sealed class MigrationState
{
    private volatile bool _migrated;

    public bool Migrated => _migrated;

    internal void MarkMigrated() => _migrated = true;
}

/// <summary>Runs before the server accepts calls (hosted services start before Kestrel).</summary>
internal sealed class MigrationHostedService([FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource, DatabaseMigrations migrations, MigrationState state, ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The database may still be starting when a service starts on its own: retry for a while.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var applied = await SqlMigrator.MigrateAsync(dataSource, migrations.Scripts, cancellationToken);
                foreach (var version in applied)
                {
                    logger.LogInformation("Applied migration {Version}", version);
                }
                state.MarkMigrated();
                return;
            }
            catch (NpgsqlException ex) when (attempt < 30 && ex.IsTransient)
            {
                logger.LogWarning("Database not reachable yet ({Message}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, MigrationState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!state.Migrated)
        {
            return HealthCheckResult.Unhealthy("migrations not applied yet");
        }
        try
        {
            await using var cmd = dataSource.CreateCommand("select 1");
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable", ex);
        }
    }
}
