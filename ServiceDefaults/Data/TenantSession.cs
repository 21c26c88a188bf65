using Npgsql;

namespace Suite.ServiceDefaults.Data;

/// <summary>
/// Tells PostgreSQL's row-level security which tenant a connection works for (docs/tenant-isolation.md): every
/// tenant-owned table only shows and accepts rows whose tenant equals app.tenant. A connection that set nothing sees
/// no rows and can write none. Cross-tenant background work uses the <see cref="SystemScope.AllTenants"/> data source.
/// </summary>
public static class TenantSession
{
    public const string TenantSetting = "app.tenant";

    private const string SetLocalSql = $"select set_config('{TenantSetting}', $1, true)";
    private const string SetSessionSql = $"select set_config('{TenantSetting}', $1, false)";

    /// <summary>
    /// The tenant for the current transaction only (PostgreSQL forgets it at commit or rollback), as a batch command:
    /// put it first in the transaction's first batch so it costs no round trip of its own.
    /// </summary>
    public static NpgsqlBatchCommand SetLocal(string tenant) =>
        new(SetLocalSql) { Parameters = { new NpgsqlParameter { Value = Checked(tenant) } } };

    /// <summary>Begins a transaction for <paramref name="tenant"/> (one round trip: BEGIN travels with the setting).</summary>
    public static async Task<NpgsqlTransaction> BeginTenantTransactionAsync(this NpgsqlConnection connection, string tenant, CancellationToken ct = default)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await tx.SetTenantAsync(tenant, ct);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Switches the rest of <paramref name="transaction"/> to <paramref name="tenant"/>: for work that handles several
    /// tenants' items one after the other in one transaction (a consumer's batch of messages).
    /// </summary>
    public static async Task SetTenantAsync(this NpgsqlTransaction transaction, string tenant, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(SetLocalSql, transaction.Connection, transaction) { Parameters = { new NpgsqlParameter { Value = Checked(tenant) } } };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// A connection set to <paramref name="tenant"/> for as long as it is open. Npgsql's DISCARD ALL clears the setting
    /// when the pool takes the connection back, so a data source with No Reset On Close is refused: the tenant would
    /// stay on the pooled connection for its next user. Such data sources use <see cref="BeginTenantTransactionAsync"/>.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenTenantConnectionAsync(this NpgsqlDataSource dataSource, string tenant, CancellationToken ct = default)
    {
        if (new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose)
        {
            throw new InvalidOperationException(
                $"Data source '{dataSource.ConnectionString}' does not reset pooled connections (No Reset On Close): set the tenant per transaction instead");
        }
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = new NpgsqlCommand(SetSessionSql, connection) { Parameters = { new NpgsqlParameter { Value = Checked(tenant) } } };
            await cmd.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // An empty tenant would match nothing anyway (fail closed); refusing it early names the bug.
    private static string Checked(string tenant) =>
        string.IsNullOrEmpty(tenant) ? throw new ArgumentException("A tenant is required", nameof(tenant)) : tenant;
}
