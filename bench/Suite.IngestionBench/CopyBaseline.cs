using System.Diagnostics;
using Npgsql;

namespace Suite.IngestionBench;

public sealed record CopyResult(long Rows, TimeSpan Elapsed, long Bytes, TimeSpan PostgresCpu)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>
/// The physical limit: the very rows the service stored in a round, exported in PostgreSQL's binary COPY format, then
/// loaded with ONE raw binary COPY (one transaction, durable commit) into a table with the same columns and indexes as
/// events_raw (copied from its definition) and the same unique key as the service's idempotency keys, (event_id, tenant).
/// No client-side encoding is timed.
/// </summary>
public static class CopyBaseline
{
    private const string Columns =
        "tenant, event_id, domain, type, occurred_at, client_occurred_at, sent_at, received_at, user_id, account_id, " +
        "entity_type, entity_id, status, provider, service_code, country_code, amount_minor, currency, duration_ms, " +
        "session_id, properties, schema_version";

    /// <summary>
    /// Exports the rows the service stored for <paramref name="tenant"/>, loads them once into a fresh table, drops it.
    /// Run right after each maximum-load round, so that each round is compared with a COPY made at the same VM speed.
    /// </summary>
    public static async Task<CopyResult> RunAsync(NpgsqlDataSource db, string tenant, Func<TimeSpan> postgresCpu, bool logIndexes, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        using var rows = new MemoryStream();
        await using (var export = await conn.BeginRawBinaryCopyAsync(
            $"copy (select {Columns} from events_raw where tenant = '{tenant}' order by received_at) to stdout (format binary)", ct))
        {
            await export.CopyToAsync(rows, ct);
        }

        await ExecAsync(conn, "drop table if exists events_copy", ct);
        await ExecAsync(conn, "create table events_copy (like events_raw including defaults including constraints including indexes)", ct);
        // The same unique key as the service's event_keys primary key: (event_id, tenant).
        await ExecAsync(conn, "alter table events_copy add constraint events_copy_key unique (event_id, tenant)", ct);
        if (logIndexes)
        {
            await using var indexes = new NpgsqlCommand("select string_agg(indexdef, '; ' order by indexname) from pg_indexes where tablename = 'events_copy'", conn);
            BenchRunner.Log($"baseline table indexes: {await indexes.ExecuteScalarAsync(ct)}");
        }
        await ExecAsync(conn, "checkpoint", ct);

        var cpuBefore = postgresCpu();
        var started = Stopwatch.GetTimestamp();
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using (var import = await conn.BeginRawBinaryCopyAsync($"copy events_copy ({Columns}) from stdin (format binary)", ct))
            {
                rows.Position = 0;
                await rows.CopyToAsync(import, 1 << 20, ct);
            }
            await tx.CommitAsync(ct);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = postgresCpu() - cpuBefore;

        await using var count = new NpgsqlCommand("select count(*) from events_copy", conn);
        var result = new CopyResult((long)(await count.ExecuteScalarAsync(ct))!, elapsed, rows.Length, cpu);
        await ExecAsync(conn, "drop table events_copy", ct);
        return result;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
