using System.Reflection;
using Npgsql;

namespace Suite.ServiceDefaults.Data;

/// <summary>
/// Applies versioned SQL scripts in the order given (the shared ServiceDefaults scripts first, so a service's own
/// scripts may rely on the outbox/inbox tables; each assembly's scripts in name order), each in its own
/// transaction, under an advisory lock so that replicas starting together migrate once. Plain SQL because the
/// schema uses PostgreSQL features EF migrations do not model (declarative partitioning, partial indexes).
/// </summary>
public static class SqlMigrator
{
    private const long LockKey = 0x5375_6974_654D_6967; // "SuiteMig"

    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, IEnumerable<(string Version, string Sql)> scripts, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // Lock first: concurrent "create table if not exists" races in PostgreSQL (duplicate pg_type key).
        await using (var lockCmd = new NpgsqlCommand($"select pg_advisory_lock({LockKey})", conn))
        {
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        var applied = new List<string>();
        try
        {
            await using (var create = new NpgsqlCommand(
                "create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())", conn))
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            var done = new HashSet<string>();
            await using (var read = new NpgsqlCommand("select version from schema_migrations", conn))
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    done.Add(reader.GetString(0));
                }
            }
            foreach (var (version, sql) in scripts)
            {
                if (done.Contains(version))
                {
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var run = new NpgsqlCommand(sql, conn, tx))
                {
                    await run.ExecuteNonQueryAsync(ct);
                }
                await using (var mark = new NpgsqlCommand("insert into schema_migrations (version) values (@v)", conn, tx))
                {
                    mark.Parameters.AddWithValue("v", version);
                    await mark.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                applied.Add(version);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({LockKey})", conn);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        return applied;
    }

    /// <summary>Embedded *.sql resources of an assembly; the version is "{prefix}/{file name}".</summary>
    public static IEnumerable<(string Version, string Sql)> ScriptsFrom(Assembly assembly, string prefix)
    {
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var parts = name.Split('.');
            var file = parts.Length >= 2 ? parts[^2] : name;
            yield return ($"{prefix}/{file}", reader.ReadToEnd());
        }
    }
}
