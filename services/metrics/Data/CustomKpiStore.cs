using Google.Protobuf;
using Npgsql;
using Suite.ServiceDefaults.Data;
using NpgsqlTypes;
using CreateKpiRequest = Suite.Contracts.Metrics.V1.CreateKpiRequest;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>
/// The tenants' own KPIs, stored as their CreateKpi request and turned into definitions by <see cref="CustomKpiValidator"/>
/// whenever they are read.
/// </summary>
public sealed class CustomKpiStore(NpgsqlDataSource dataSource, ILogger<CustomKpiStore> logger)
{
    /// <summary>How many KPIs of its own a tenant may declare (each one is a query for the nightly ETL).</summary>
    public const int MaxPerTenant = 200;

    public enum AddResult { Added, NameTaken, TooMany }

    public async Task<AddResult> AddAsync(string tenant, CreateKpiRequest request, CancellationToken ct)
    {
        // Counting and inserting under one per-tenant lock keeps the limit exact with concurrent creates.
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended('metrics.custom_kpis:' || @tenant, 0))", conn, tx))
        {
            lockCmd.Parameters.AddWithValue("tenant", tenant);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        await using (var count = new NpgsqlCommand("select count(*) from custom_kpis where tenant = @tenant", conn, tx))
        {
            count.Parameters.AddWithValue("tenant", tenant);
            if ((long)(await count.ExecuteScalarAsync(ct))! >= MaxPerTenant)
            {
                return AddResult.TooMany;
            }
        }
        await using var insert = new NpgsqlCommand(
            "insert into custom_kpis (tenant, name, definition) values (@tenant, @name, @definition) on conflict do nothing", conn, tx);
        insert.Parameters.AddWithValue("tenant", tenant);
        insert.Parameters.AddWithValue("name", request.Name);
        insert.Parameters.AddWithValue("definition", NpgsqlDbType.Jsonb, JsonFormatter.Default.Format(request));
        var added = await insert.ExecuteNonQueryAsync(ct) == 1;
        await tx.CommitAsync(ct);
        return added ? AddResult.Added : AddResult.NameTaken;
    }

    /// <returns>Whether there was such a KPI.</returns>
    public async Task<bool> DeleteAsync(string tenant, string name, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand("delete from custom_kpis where tenant = @tenant and name = @name", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("name", name);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<KpiDefinition?> FindAsync(string tenant, string name, CancellationToken ct) =>
        (await ReadAsync(tenant, name, ct)).SingleOrDefault();

    public Task<IReadOnlyList<KpiDefinition>> ListAsync(string tenant, CancellationToken ct) => ReadAsync(tenant, null, ct);

    private async Task<IReadOnlyList<KpiDefinition>> ReadAsync(string tenant, string? name, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            "select definition::text from custom_kpis where tenant = @tenant and (@name::text is null or name = @name) order by name", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = (object?)name ?? DBNull.Value });
        var result = new List<KpiDefinition>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var request = JsonParser.Default.Parse<CreateKpiRequest>(reader.GetString(0));
            var validation = CustomKpiValidator.Validate(request);
            if (validation.Kpi is { } kpi)
            {
                result.Add(kpi);
            }
            else
            {
                // E.g. a later release made its name built-in: the built-in one answers, this one is left out.
                logger.LogWarning("Custom KPI {Name} of {Tenant} is no longer valid and is ignored: {Violations}",
                    request.Name, tenant, string.Join("; ", validation.Violations.Select(v => $"{v.Field} {v.Description}")));
            }
        }
        return result;
    }
}
