using Npgsql;
using NpgsqlTypes;
using Suite.ServiceDefaults.Data;

namespace Suite.ServiceDefaults.Audit;

/// <summary>
/// The audit_log table of the service's own database. It is under row-level security like every tenant table: each
/// statement travels in one batch (one implicit transaction) behind the transaction-local tenant setting.
/// </summary>
public sealed class AuditStore(NpgsqlDataSource dataSource)
{
    private const string InsertSql =
        "insert into audit_log (at, tenant, subject, roles, method, summary, status, duration_ms) values ($1, $2, $3, $4, $5, $6, $7, $8)";

    // Newest first by id (rows are inserted as calls finish); the method filter takes the full path or the bare name.
    private const string PageSql = """
        select id, at, tenant, subject, roles, method, summary, status, duration_ms
        from audit_log
        where tenant = $1
          and ($2::timestamptz is null or at >= $2)
          and ($3::timestamptz is null or at < $3)
          and ($4::text is null or subject = $4)
          and ($5::text is null or method = $5 or split_part(method, '/', 3) = $5)
          and ($6::bigint is null or id < $6)
        order by id desc
        limit $7
        """;

    public async Task AppendAsync(AuditRecord record, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(TenantSession.SetLocal(record.Tenant));
        var insert = new NpgsqlBatchCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = record.At });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Tenant });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Subject });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. record.Roles] });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Method });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Summary });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Status });
        insert.Parameters.Add(new NpgsqlParameter<double> { TypedValue = record.DurationMs });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Up to PageSize + 1 rows: the extra one tells the caller there is a next page.</summary>
    public async Task<IReadOnlyList<StoredAuditRecord>> PageAsync(AuditQuery query, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(TenantSession.SetLocal(query.Tenant));
        var cmd = new NpgsqlBatchCommand(PageSql);
        batch.BatchCommands.Add(cmd);
        cmd.Parameters.Add(new NpgsqlParameter { Value = query.Tenant, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Subject ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Method ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.BeforeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = query.PageSize + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        var rows = new List<StoredAuditRecord>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);   // past the tenant setting's own result
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new StoredAuditRecord(reader.GetInt64(0), new AuditRecord(
                reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetDouble(8))));
        }
        return rows;
    }
}
