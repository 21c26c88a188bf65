using Npgsql;

namespace Suite.Ingestion.Data;

/// <summary>
/// Sets lz4 compression on outbox_messages.payload at start-up. EventBatchIngested payloads are large (up to 1000
/// compact events); the default pglz was the top PostgreSQL function in the ingestion profile, lz4 compresses them
/// several times faster. Done here rather than in a migration because the shared outbox table is created by the
/// ServiceDefaults migrations, which run after this service's own. Skipped when already set; a server without lz4
/// only logs a warning.
/// </summary>
public sealed class OutboxCompression(NpgsqlDataSource dataSource, ILogger<OutboxCompression> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var check = dataSource.CreateCommand(
                "select attcompression = 'l' from pg_attribute where attrelid = 'outbox_messages'::regclass and attname = 'payload'");
            if (await check.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }
            await using var alter = dataSource.CreateCommand("alter table outbox_messages alter column payload set compression lz4");
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            logger.LogWarning("Could not switch the outbox payload to lz4 compression ({Message}); keeping the default", ex.MessageText);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
