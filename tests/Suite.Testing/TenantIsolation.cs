using Npgsql;
using Suite.ServiceDefaults.Data;
using Xunit;

namespace Suite.Testing;

/// <summary>
/// Checks of PostgreSQL row-level security on a service database (docs/tenant-isolation.md), run on the service's own
/// connection string (its database owner, see <see cref="InfraFixture.CreateServiceDatabaseAsync"/>).
/// </summary>
public static class TenantIsolation
{
    public const string TenantA = "rls-tenant-a";
    public const string TenantB = "rls-tenant-b";

    /// <summary>Every table of the schema with a tenant column (partitions excluded: they are reached through their parent).</summary>
    public static async Task<IReadOnlyList<TenantTable>> TenantTablesAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            select c.relname::text, c.relrowsecurity, c.relforcerowsecurity,
                   exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation')
            from pg_class c
            join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant' and not a.attisdropped
            where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
            order by 1
            """, conn);
        var tables = new List<TenantTable>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(new TenantTable(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3)));
        }
        return tables;
    }

    /// <summary>The catalogue check: every tenant table enables AND forces row-level security under the tenant_isolation policy.</summary>
    public static async Task AssertCatalogueAsync(string connectionString)
    {
        var tables = await TenantTablesAsync(connectionString);
        Assert.NotEmpty(tables);
        Assert.All(tables, t => Assert.True(t.RowSecurity && t.ForceRowSecurity && t.HasPolicy,
            $"{t.Name}: row security {t.RowSecurity}, forced {t.ForceRowSecurity}, tenant_isolation policy {t.HasPolicy}"));
    }

    /// <summary>
    /// <see cref="AssertIsolatedAsync"/> on every tenant table of the catalogue, so a new table is covered without
    /// being named. A row is made of placeholder values for the required columns; <paramref name="inserts"/> gives the
    /// insert (one row for @tenant) of tables whose checks or foreign keys need real values.
    /// </summary>
    public static async Task AssertEveryTableIsolatedAsync(string connectionString, IReadOnlyDictionary<string, string>? inserts = null)
    {
        var tables = await TenantTablesAsync(connectionString);
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            var insertSql = inserts?.GetValueOrDefault(table.Name) ?? await PlaceholderInsertAsync(connectionString, table.Name);
            try
            {
                await AssertIsolatedAsync(connectionString, table.Name, insertSql);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"{table.Name} ({insertSql}): {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// The behaviour of one table, in a transaction rolled back at the end: with <paramref name="insertSql"/> (one row
    /// for the tenant @tenant) run for A and B in the all-tenants scope, a query without any tenant filter sees nothing
    /// when no tenant is set and only A's row when A is set, and inserting B's row while A is set is refused.
    /// </summary>
    public static async Task AssertIsolatedAsync(string connectionString, string table, string insertSql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await SetAsync(conn, SystemScope.AllTenantsSetting, "on");
        await InsertAsync(conn, insertSql, TenantA);
        await InsertAsync(conn, insertSql, TenantB);
        var all = await TenantsSeenAsync(conn, table);
        Assert.Contains(TenantA, all);
        Assert.Contains(TenantB, all);

        await SetAsync(conn, SystemScope.AllTenantsSetting, "");
        Assert.Empty(await TenantsSeenAsync(conn, table));

        await SetAsync(conn, TenantSession.TenantSetting, TenantA);
        Assert.Equal([TenantA], await TenantsSeenAsync(conn, table));

        await ExecuteAsync(conn, "savepoint refused");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(conn, insertSql, TenantB));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);   // new row violates row-level security policy
        await ExecuteAsync(conn, "rollback to savepoint refused");
        await tx.RollbackAsync();
    }

    /// <summary>insert into the table: tenant = @tenant, a placeholder of its type in every other required column without a default.</summary>
    private static async Task<string> PlaceholderInsertAsync(string connectionString, string table)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            select quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), t.typcategory
            from pg_attribute a join pg_type t on t.oid = a.atttypid
            where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' and a.attidentity = ''
              and a.attnotnull and not a.atthasdef and a.attname <> 'tenant'
            order by a.attnum
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = table });
        var columns = new List<string> { "tenant" };
        var values = new List<string> { "@tenant" };
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
            var type = reader.GetString(1);
            values.Add(reader.GetChar(2) switch
            {
                'A' => $"'{{}}'::{type}",
                'N' => $"1::{type}",
                'B' => "false",
                'D' => $"now()::{type}",
                _ when type == "uuid" => "gen_random_uuid()",
                _ when type is "jsonb" or "json" => $"'{{}}'::{type}",
                _ when type == "bytea" => "'\\x00'::bytea",
                _ => $"'x'::{type}",
            });
        }
        return $"insert into {table} ({string.Join(", ", columns)}) values ({string.Join(", ", values)})";
    }

    private static async Task<List<string>> TenantsSeenAsync(NpgsqlConnection conn, string table)
    {
        await using var cmd = new NpgsqlCommand($"select distinct tenant from {table} order by 1", conn);
        var tenants = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    private static async Task InsertAsync(NpgsqlConnection conn, string insertSql, string tenant)
    {
        await using var cmd = new NpgsqlCommand(insertSql, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task SetAsync(NpgsqlConnection conn, string setting, string value)
    {
        await using var cmd = new NpgsqlCommand("select set_config($1, $2, true)", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = setting });
        cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

public sealed record TenantTable(string Name, bool RowSecurity, bool ForceRowSecurity, bool HasPolicy);
