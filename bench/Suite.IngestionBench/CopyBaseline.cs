using System.Diagnostics;
using Npgsql;

namespace Suite.IngestionBench;

public sealed record CopyResult(long Rows, TimeSpan Elapsed, long Bytes, TimeSpan PostgresCpu)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>
/// The physical limit: the very rows the service stored, exported in PostgreSQL's binary COPY format, then loaded
/// with ONE raw binary COPY (one transaction, durable commit) into a table with the same columns, the same
/// (tenant, occurred_at) index and the same unique key as the service's idempotency keys, (event_id, tenant).
/// No client-side encoding is timed.
/// </summary>
public static class CopyBaseline
{
    private const string Columns =
        "tenant, event_id, domain, type, occurred_at, client_occurred_at, sent_at, received_at, user_id, account_id, " +
        "entity_type, entity_id, status, provider, service_code, country_code, amount_minor, currency, duration_ms, " +
        "session_id, properties, schema_version";

    /// <summary>Exports the rows once, then loads them <paramref name="attempts"/> times into a fresh table; the fastest load is the limit.</summary>
    public static async Task<IReadOnlyList<CopyResult>> RunAsync(NpgsqlDataSource db, string tenant, Func<TimeSpan> postgresCpu, int attempts, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        using var rows = new MemoryStream();
        await using (var export = await conn.BeginRawBinaryCopyAsync(
            $"copy (select {Columns} from events_raw where tenant = '{tenant}' order by received_at) to stdout (format binary)", ct))
        {
            await export.CopyToAsync(rows, ct);
        }

        var results = new List<CopyResult>();
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            await ExecAsync(conn, "drop table if exists events_copy", ct);
            await ExecAsync(conn, "create table events_copy (like events_raw including defaults including constraints)", ct);
            // The same unique key as the service's event_keys primary key: (event_id, tenant).
            await ExecAsync(conn, "alter table events_copy add constraint events_copy_key unique (event_id, tenant)", ct);
            await ExecAsync(conn, "create index events_copy_tenant_time on events_copy (tenant, occurred_at)", ct);
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
            results.Add(new CopyResult((long)(await count.ExecuteScalarAsync(ct))!, elapsed, rows.Length, cpu));
        }
        await ExecAsync(conn, "drop table if exists events_copy", ct);
        return results;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
