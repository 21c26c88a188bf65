using Npgsql;

namespace Suite.Ingestion.Data;

/// <summary>Calls the ensure_event_partitions SQL function (see Data/Migrations/0001_events_raw.sql).</summary>
public sealed class PartitionMaintenance(NpgsqlDataSource dataSource)
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
}
