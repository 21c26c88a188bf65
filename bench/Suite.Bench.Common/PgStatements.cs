using Npgsql;
using Suite.Hosting.Infrastructure;

namespace Suite.Bench;

/// <summary>PostgreSQL settings for a bench run and, with pg_stat_statements loaded, where the server spent a phase.</summary>
public static class PgStatements
{
    /// <summary>
    /// Sets the settings (ALTER SYSTEM) and restarts the server so they, and preload libraries, apply. With
    /// <paramref name="reserveHugePages"/>, the huge pages the shared memory needs under the new settings are made free
    /// first (<see cref="HugePages"/>), for a huge_pages=try among the settings to find them.
    /// </summary>
    /// <returns>The reservation (given back on dispose; null if none was asked for) and whether the server's shared
    /// memory is on huge pages, for the report.</returns>
    public static async Task<(HugePages? Reservation, string Note)> TuneAsync(PostgresServer postgres,
        IEnumerable<(string Name, string Value)> settings, bool reserveHugePages, CancellationToken ct)
    {
        await using (var admin = NpgsqlDataSource.Create(postgres.ConnectionString()))
        {
            foreach (var (name, value) in settings)
            {
                await using var cmd = admin.CreateCommand($"alter system set {name} = '{value}'");
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        NpgsqlConnection.ClearAllPools();
        await postgres.StopAsync(ct);
        var reservation = reserveHugePages && await postgres.SharedMemoryHugePagesAsync(ct) is { } needed ? HugePages.Reserve(needed) : null;
        await postgres.StartAsync(ct);
        var mappedKb = postgres.ProcessId is { } pid ? HugePages.MappedKb(pid) : 0;
        return (reservation, $"shared memory on huge pages: {(mappedKb > 0 ? "yes" : "no")}" + (reservation is null ? "" : $" ({reservation.Note})"));
    }

    /// <summary>The preload setting <see cref="TuneAsync"/> needs before <see cref="ResetAsync"/> works.</summary>
    public static readonly (string Name, string Value) Preload = ("shared_preload_libraries", "pg_stat_statements");

    /// <summary>Creates the extension in the database if needed and starts counting from zero.</summary>
    public static async Task ResetAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("create extension if not exists pg_stat_statements; select pg_stat_statements_reset()");
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Prints the statements that took most time since the reset (execution time includes lock waits).</summary>
    public static async Task PrintAsync(NpgsqlDataSource db, string phase, int top, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select calls, round(total_exec_time)::bigint, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit {top}");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        Console.WriteLine($"  statements during {phase} (calls, total ms, rows):");
        while (await reader.ReadAsync(ct))
        {
            Console.WriteLine($"    {reader.GetInt64(0),7} {reader.GetInt64(1),8} ms {reader.GetInt64(2),9}  {reader.GetString(3)}");
        }
    }
}
