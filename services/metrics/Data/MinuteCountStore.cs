using Npgsql;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>Adds counts to minute_counts inside the caller's transaction.</summary>
public static class MinuteCountStore
{
    /// <summary>
    /// One statement for the whole batch. Rows are applied in key order so concurrent consumers touching the same
    /// keys lock them in the same order (no deadlocks). Keys must be unique within <paramref name="counts"/>.
    /// </summary>
    public static async Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<MinuteCount> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            """
            insert into minute_counts (tenant, domain, type, minute, count)
            select @tenant, r.domain, r.type, r.minute, r.count
            from unnest(@domains, @types, @minutes, @counts) as r(domain, type, minute, count)
            order by r.domain, r.type, r.minute
            on conflict (tenant, domain, type, minute) do update set count = minute_counts.count + excluded.count
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("domains", counts.Select(c => c.Domain).ToArray());
        cmd.Parameters.AddWithValue("types", counts.Select(c => c.Type).ToArray());
        cmd.Parameters.AddWithValue("minutes", counts.Select(c => c.Minute).ToArray());
        cmd.Parameters.AddWithValue("counts", counts.Select(c => c.Count).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
