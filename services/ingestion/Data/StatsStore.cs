using Npgsql;
using Suite.ServiceDefaults.Data;

namespace Suite.Ingestion.Data;

/// <summary>Adds counter increments to ingestion_stats / ingestion_stats_counts and reads a tenant's totals.</summary>
public sealed class StatsStore(NpgsqlDataSource dataSource)
{
    public async Task AddAsync(IReadOnlyDictionary<string, TenantStats> increments, CancellationToken ct)
    {
        if (increments.Count == 0)
        {
            return;
        }
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx);
        // Tenants in a fixed order: two replicas flushing at once lock the rows in the same order.
        foreach (var (tenant, s) in increments.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            // Each tenant's rows under its own setting (row-level security), in the same batch: no extra round trip.
            batch.BatchCommands.Add(TenantSession.SetLocal(tenant));
            var upsert = new NpgsqlBatchCommand(
                """
                insert into ingestion_stats as s (tenant, accepted, duplicates, rejected, rate_limited_requests, last_received_at, last_occurred_at)
                values ($1, $2, $3, $4, $5, $6, $7)
                on conflict (tenant) do update set
                    accepted = s.accepted + excluded.accepted,
                    duplicates = s.duplicates + excluded.duplicates,
                    rejected = s.rejected + excluded.rejected,
                    rate_limited_requests = s.rate_limited_requests + excluded.rate_limited_requests,
                    last_received_at = greatest(s.last_received_at, excluded.last_received_at),
                    last_occurred_at = greatest(s.last_occurred_at, excluded.last_occurred_at)
                """);
            upsert.Parameters.Add(new NpgsqlParameter { Value = tenant });
            upsert.Parameters.Add(new NpgsqlParameter { Value = s.Accepted });
            upsert.Parameters.Add(new NpgsqlParameter { Value = s.Duplicates });
            upsert.Parameters.Add(new NpgsqlParameter { Value = s.Rejected });
            upsert.Parameters.Add(new NpgsqlParameter { Value = s.RateLimitedRequests });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)s.LastReceivedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)s.LastOccurredAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(upsert);
            AddCounts(batch, tenant, "rejected", s.RejectedByReason);
            AddCounts(batch, tenant, "redacted", s.RedactionsByKind);
        }
        await batch.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static void AddCounts(NpgsqlBatch batch, string tenant, string kind, Dictionary<string, long> counts)
    {
        foreach (var (reason, n) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var cmd = new NpgsqlBatchCommand(
                """
                insert into ingestion_stats_counts as c (tenant, kind, reason, count) values ($1, $2, $3, $4)
                on conflict (tenant, kind, reason) do update set count = c.count + excluded.count
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenant });
            cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
            cmd.Parameters.Add(new NpgsqlParameter { Value = reason });
            cmd.Parameters.Add(new NpgsqlParameter { Value = n });
            batch.BatchCommands.Add(cmd);
        }
    }

    public async Task<TenantStats> ReadAsync(string tenant, CancellationToken ct)
    {
        var stats = new TenantStats();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);
        await using (var cmd = new NpgsqlCommand(
            "select accepted, duplicates, rejected, rate_limited_requests, last_received_at, last_occurred_at from ingestion_stats where tenant = $1", conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenant });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                stats.Accepted = reader.GetInt64(0);
                stats.Duplicates = reader.GetInt64(1);
                stats.Rejected = reader.GetInt64(2);
                stats.RateLimitedRequests = reader.GetInt64(3);
                stats.LastReceivedAt = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4);
                stats.LastOccurredAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5);
            }
        }
        await using (var cmd = new NpgsqlCommand("select kind, reason, count from ingestion_stats_counts where tenant = $1", conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenant });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var target = reader.GetString(0) == "rejected" ? stats.RejectedByReason : stats.RedactionsByKind;
                target[reader.GetString(1)] = reader.GetInt64(2);
            }
        }
        return stats;
    }
}
