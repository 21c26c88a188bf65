using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>
/// Creates (ensure_event_partitions, see Data/Migrations/0001_events_raw.sql), lists and drops the monthly
/// partitions of events_raw, and purges idempotency keys whose events are gone. System scope: retention purges the
/// keys of every tenant (docs/tenant-isolation.md).
/// </summary>
public sealed class PartitionMaintenance([FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource)
{
    /// <returns>How many partitions were created.</returns>
    public async Task<int> EnsureAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("select ensure_event_partitions(@from, @to)");
        cmd.Parameters.AddWithValue("from", from.ToUniversalTime());
        cmd.Parameters.AddWithValue("to", to.ToUniversalTime());
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Names of the existing partitions of events_raw, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events_raw'::regclass order by c.relname");
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>Drops one partition (its own short transaction: DROP briefly locks the parent table).</summary>
    /// <returns>false when it did not exist (another replica dropped it).</returns>
    public async Task<bool> DropAsync(string partition, CancellationToken ct)
    {
        // The name goes into DDL: accept only the exact partition naming scheme.
        if (RetentionPlan.MonthOf(partition) is null)
        {
            throw new ArgumentException($"'{partition}' is not an events_raw partition", nameof(partition));
        }
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var exists = new NpgsqlCommand("select to_regclass($1) is not null", conn, tx))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = partition });
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return false;
            }
        }
        await using (var drop = new NpgsqlCommand(
            $"drop table if exists \"{partition}\"; insert into ingestion_key_purge_owed (since) values (now()) on conflict do nothing", conn, tx))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Deletes idempotency keys of events older than <paramref name="before"/> (their partitions are gone) and, in the
    /// same transaction, the record that a purge was owed.
    /// </summary>
    /// <returns>How many keys were deleted.</returns>
    public async Task<long> DeleteKeysBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn) { Timeout = 0 };   // a large purge may take a while; it runs in the background
        var keys = new NpgsqlBatchCommand("delete from event_keys where occurred_at < $1");
        keys.Parameters.Add(new NpgsqlParameter { Value = before.ToUniversalTime() });
        batch.BatchCommands.Add(keys);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("delete from ingestion_key_purge_owed"));
        await batch.ExecuteNonQueryAsync(ct);
        return keys.RecordsAffected;
    }

    /// <summary>Whether a partition was dropped and the keys of its events not yet purged (a crash in between).</summary>
    public async Task<bool> KeyPurgeOwedAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("select exists (select 1 from ingestion_key_purge_owed)");
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
