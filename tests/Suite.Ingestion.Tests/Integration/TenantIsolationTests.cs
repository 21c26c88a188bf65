using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Testing;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>Row-level security on ingestion's database once the service has migrated it (docs/tenant-isolation.md).</summary>
[Collection(InfraCollection.Name)]
public class TenantIsolationTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    // Committed by the pool tests; the table tests use TenantIsolation's own tenants and roll back.
    private const string PoolTenantA = "pool-tenant-a";
    private const string PoolTenantB = "pool-tenant-b";

    [Fact]
    public Task Every_tenant_table_forces_row_level_security() => TenantIsolation.AssertCatalogueAsync(host.ConnectionString);

    [Fact]
    public Task A_tenant_sees_and_writes_only_its_own_rows_in_every_table() =>
        TenantIsolation.AssertEveryTableIsolatedAsync(host.ConnectionString, new Dictionary<string, string>
        {
            ["ingestion_stats_counts"] = "insert into ingestion_stats_counts (tenant, kind, reason, count) values (@tenant, 'rejected', 'r', 1)",
        });

    [Fact]
    public async Task A_session_tenant_does_not_outlive_the_connection_in_the_pool()
    {
        await SeedStatsAsync();
        // One physical connection, reset on return (Npgsql's default): the next user gets the same backend.
        await using var pool = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(host.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        int pid;
        await using (var tenantConnection = await pool.OpenTenantConnectionAsync(PoolTenantA))
        {
            pid = tenantConnection.ProcessID;
            Assert.Equal(1L, await CountStatsAsync(tenantConnection));
        }
        await using var next = await pool.OpenConnectionAsync();
        Assert.Equal(pid, next.ProcessID);
        Assert.Equal(0L, await CountStatsAsync(next));
    }

    [Fact]
    public async Task Without_reset_on_close_a_session_tenant_is_refused_and_a_transaction_tenant_ends_with_the_transaction()
    {
        await SeedStatsAsync();
        // Ingestion's own pool skips DISCARD ALL (IngestionServiceExtensions): only transaction-local settings are safe there.
        await using var pool = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(host.ConnectionString) { MaxPoolSize = 1, NoResetOnClose = true }.ConnectionString);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.OpenTenantConnectionAsync(PoolTenantA));
        int pid;
        await using (var conn = await pool.OpenConnectionAsync())
        {
            pid = conn.ProcessID;
            await using var tx = await conn.BeginTenantTransactionAsync(PoolTenantA);
            Assert.Equal(1L, await CountStatsAsync(conn));
            await tx.CommitAsync();
        }
        await using var next = await pool.OpenConnectionAsync();
        Assert.Equal(pid, next.ProcessID);
        Assert.Equal(0L, await CountStatsAsync(next));
    }

    [Fact]
    public async Task The_all_tenants_scope_sees_every_tenant()
    {
        await SeedStatsAsync();
        await using var allTenants = NpgsqlDataSource.Create(SystemScope.AllTenantsConnectionString(host.ConnectionString));
        await using var conn = await allTenants.OpenConnectionAsync();
        Assert.True(await CountStatsAsync(conn) >= 2);
    }

    private async Task SeedStatsAsync()
    {
        await using var cmd = host.Database.CreateCommand("insert into ingestion_stats (tenant) values ($1), ($2) on conflict do nothing");
        cmd.Parameters.Add(new NpgsqlParameter { Value = PoolTenantA });
        cmd.Parameters.Add(new NpgsqlParameter { Value = PoolTenantB });
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountStatsAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("select count(*) from ingestion_stats", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
