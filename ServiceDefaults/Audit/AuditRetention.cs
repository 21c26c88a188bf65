using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Suite.ServiceDefaults.Data;

namespace Suite.ServiceDefaults.Audit;

/// <summary>Configuration section "Audit": how long audit rows are kept (a year and a month by default, for yearly reviews).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    public int RetentionDays { get; set; } = 400;

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(6);

    public IEnumerable<string> Validate()
    {
        if (RetentionDays is < 1 or > 36_500)
        {
            yield return $"{Section}:RetentionDays must be between 1 and 36500 (got {RetentionDays})";
        }
        if (PurgeInterval < TimeSpan.FromSeconds(1) || PurgeInterval > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:PurgeInterval must be between 00:00:01 and 1.00:00:00 (got {PurgeInterval})";
        }
    }
}

/// <summary>
/// Deletes audit rows older than the retention, every tenant's (a system scope), in chunks so no delete holds many
/// locks or a long transaction. Runs once migrations are done, then every <see cref="AuditOptions.PurgeInterval"/>.
/// </summary>
public sealed class AuditRetention(
    AuditOptions options,
    [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource,
    MigrationState migrations,
    TimeProvider clock,
    ILogger<AuditRetention> logger) : BackgroundService
{
    private const int Chunk = 5_000;

    private const string DeleteSql = "delete from audit_log where id in (select id from audit_log where at < $1 limit $2)";

    /// <summary>Rows older than RetentionDays before now are deleted; returns how many.</summary>
    public async Task<long> PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.RetentionDays);
        long total = 0;
        int deleted;
        do
        {
            await using var cmd = dataSource.CreateCommand(DeleteSql);
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Chunk });
            deleted = await cmd.ExecuteNonQueryAsync(ct);
            total += deleted;
        }
        while (deleted == Chunk);
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!migrations.Migrated)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await PurgeAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Rows} audit rows older than {Days} days", deleted, options.RetentionDays);
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning(ex, "Audit retention failed; next try in {Interval}", options.PurgeInterval);
            }
            await Task.Delay(options.PurgeInterval, clock, stoppingToken);
        }
    }
}
