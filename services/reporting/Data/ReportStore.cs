using Npgsql;
using NpgsqlTypes;
using Suite.ServiceDefaults.Data;

namespace Suite.Reporting.Data;

/// <summary>A rendered report as stored in the <c>reports</c> table.</summary>
public sealed record StoredReport(
    Guid Id,
    string Tenant,
    string Kpi,
    string Title,
    string Format,
    string ContentType,
    string FileName,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string Granularity,
    string Unit,
    double? TotalValue,
    byte[] Content,
    DateTimeOffset CreatedAt);

public sealed class ReportStore(NpgsqlDataSource dataSource, [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource allTenants)
{
    /// <summary>A stored report; <paramref name="tenant"/> null reads any tenant's (a signed link names the report itself).</summary>
    public async Task<StoredReport?> GetAsync(Guid id, string? tenant, CancellationToken ct)
    {
        // A signed download link names a report, not a tenant: looked up in every tenant (the signature is the authority).
        await using var conn = tenant is null ? await allTenants.OpenConnectionAsync(ct) : await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand("""
            select id, tenant, kpi, title, format, content_type, file_name, range_from, range_to, granularity, unit,
                   total_value, content, created_at
            from reports where id = @id and (@tenant::text is null or tenant = @tenant)
            """, conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }
        return new StoredReport(
            r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
            r.GetString(9), r.GetString(10), r.IsDBNull(11) ? null : r.GetDouble(11), r.GetFieldValue<byte[]>(12),
            r.GetFieldValue<DateTimeOffset>(13));
    }

    public async Task InsertAsync(StoredReport report, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(report.Tenant, ct);
        await using var cmd = new NpgsqlCommand("""
            insert into reports (id, tenant, kpi, title, format, content_type, file_name, range_from, range_to,
                                 granularity, unit, total_value, size_bytes, content, created_at)
            values (@id, @tenant, @kpi, @title, @format, @content_type, @file_name, @range_from, @range_to,
                    @granularity, @unit, @total_value, @size_bytes, @content, @created_at)
            """, conn);
        cmd.Parameters.AddWithValue("id", report.Id);
        cmd.Parameters.AddWithValue("tenant", report.Tenant);
        cmd.Parameters.AddWithValue("kpi", report.Kpi);
        cmd.Parameters.AddWithValue("title", report.Title);
        cmd.Parameters.AddWithValue("format", report.Format);
        cmd.Parameters.AddWithValue("content_type", report.ContentType);
        cmd.Parameters.AddWithValue("file_name", report.FileName);
        cmd.Parameters.Add(new NpgsqlParameter("range_from", NpgsqlDbType.TimestampTz) { Value = (object?)report.From ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("range_to", NpgsqlDbType.TimestampTz) { Value = (object?)report.To ?? DBNull.Value });
        cmd.Parameters.AddWithValue("granularity", report.Granularity);
        cmd.Parameters.AddWithValue("unit", report.Unit);
        cmd.Parameters.Add(new NpgsqlParameter("total_value", NpgsqlDbType.Double) { Value = (object?)report.TotalValue ?? DBNull.Value });
        cmd.Parameters.AddWithValue("size_bytes", report.Content.Length);
        cmd.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = report.Content });
        cmd.Parameters.AddWithValue("created_at", report.CreatedAt);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
