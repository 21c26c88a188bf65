using Suite.Contracts.Events;
using Npgsql;
using NpgsqlTypes;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>Adds a batch's aggregates to the rollup tables and its active users to daily_users, in the caller's transaction.</summary>
public static class RollupStore
{
    /// <summary>
    /// One statement per table. Rows are applied in key order so concurrent consumers touching the same keys lock
    /// them in the same order (no deadlocks). Keys must be unique within <paramref name="rows"/>.
    /// </summary>
    /// <param name="sketches">Duration sketches (JSON) by key, merged into duration_sketch by metrics_sketch_merge (migration 0004).</param>
    public static async Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, KpiGranularity table, IReadOnlyList<RollupRow> rows,
        IReadOnlyDictionary<RollupKey, string>? sketches, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var name = RollupTable.NameOf(table);
        await using var cmd = new NpgsqlCommand(
            $"""
            insert into {name} (tenant, domain, type, bucket, country, provider, service_code, status,
                                count, amount_sum, duration_count, duration_sum, duration_min, duration_max, duration_sketch)
            select @tenant, r.*
            from unnest(@domains, @types, @buckets, @countries, @providers, @service_codes, @statuses,
                        @counts, @amount_sums, @duration_counts, @duration_sums, @duration_mins, @duration_maxs, @duration_sketches)
                 as r(domain, type, bucket, country, provider, service_code, status,
                      count, amount_sum, duration_count, duration_sum, duration_min, duration_max, duration_sketch)
            order by r.domain, r.type, r.bucket, r.country, r.provider, r.service_code, r.status
            on conflict (tenant, domain, type, bucket, country, provider, service_code, status) do update set
                count = {name}.count + excluded.count,
                amount_sum = {name}.amount_sum + excluded.amount_sum,
                duration_count = {name}.duration_count + excluded.duration_count,
                duration_sum = {name}.duration_sum + excluded.duration_sum,
                duration_min = least({name}.duration_min, excluded.duration_min),
                duration_max = greatest({name}.duration_max, excluded.duration_max),
                duration_sketch = metrics_sketch_merge({name}.duration_sketch, excluded.duration_sketch)
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("domains", rows.Select(r => r.Key.Domain).ToArray());
        cmd.Parameters.AddWithValue("types", rows.Select(r => r.Key.Type).ToArray());
        cmd.Parameters.AddWithValue("buckets", rows.Select(r => r.Key.Bucket).ToArray());
        cmd.Parameters.AddWithValue("countries", rows.Select(r => r.Key.Country).ToArray());
        cmd.Parameters.AddWithValue("providers", rows.Select(r => r.Key.Provider).ToArray());
        cmd.Parameters.AddWithValue("service_codes", rows.Select(r => r.Key.ServiceCode).ToArray());
        cmd.Parameters.AddWithValue("statuses", rows.Select(r => r.Key.Status).ToArray());
        cmd.Parameters.AddWithValue("counts", rows.Select(r => r.Count).ToArray());
        cmd.Parameters.AddWithValue("amount_sums", rows.Select(r => r.AmountSum).ToArray());
        cmd.Parameters.AddWithValue("duration_counts", rows.Select(r => r.DurationCount).ToArray());
        cmd.Parameters.AddWithValue("duration_sums", rows.Select(r => r.DurationSum).ToArray());
        cmd.Parameters.AddWithValue("duration_mins", rows.Select(r => r.DurationMin).ToArray());
        cmd.Parameters.AddWithValue("duration_maxs", rows.Select(r => r.DurationMax).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("duration_sketches", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            Value = rows.Select(r => sketches?.GetValueOrDefault(r.Key)).ToArray(),
        });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Everything one rollup table (and its dimensionless sketches) gets from a set of events.</summary>
    public static async Task AddEventsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, KpiGranularity table, IReadOnlyList<IngestedEvent> events, CancellationToken ct)
    {
        await AddAsync(conn, tx, tenant, table, Rollup.Aggregate(events, table), Rollup.DurationSketches(events, table), ct);
        await AddTypeSketchesAsync(conn, tx, tenant, table, Rollup.TypeSketches(events, table), ct);
    }

    /// <summary>Merges a batch's dimensionless duration sketches into the table's rollup_sketch_* (caller's transaction).</summary>
    public static async Task AddTypeSketchesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, KpiGranularity table,
        IReadOnlyList<(string Domain, string Type, DateTimeOffset Bucket, string Sketch)> sketches, CancellationToken ct)
    {
        if (sketches.Count == 0)
        {
            return;
        }
        var name = RollupTable.SketchTableOf(table);
        await using var cmd = new NpgsqlCommand(
            $"""
            insert into {name} (tenant, domain, type, bucket, duration_sketch)
            select @tenant, s.* from unnest(@domains, @types, @buckets, @sketches) as s(domain, type, bucket, duration_sketch)
            order by s.domain, s.type, s.bucket
            on conflict (tenant, domain, type, bucket) do update set
                duration_sketch = metrics_sketch_merge({name}.duration_sketch, excluded.duration_sketch)
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("domains", sketches.Select(s => s.Domain).ToArray());
        cmd.Parameters.AddWithValue("types", sketches.Select(s => s.Type).ToArray());
        cmd.Parameters.AddWithValue("buckets", sketches.Select(s => s.Bucket).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("sketches", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = sketches.Select(s => s.Sketch).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Records (day, user) pairs; already known pairs are left alone, new ones are added to the day's DAU count and to
    /// the WAU/MAU counts of the days they newly cover (<see cref="ActiveWindows"/>).
    /// </summary>
    public static async Task AddActiveUsersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<(DateOnly Day, string UserId)> users, CancellationToken ct)
    {
        if (users.Count == 0)
        {
            return;
        }
        // Window counts are incremental: one transaction per tenant at a time, so each sees the other's active days.
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended('metrics.daily_users:' || @tenant, 0))", conn, tx))
        {
            lockCmd.Parameters.AddWithValue("tenant", tenant);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        var added = new List<(DateOnly Day, string UserId)>();
        await using (var cmd = new NpgsqlCommand(
            """
            insert into daily_users (tenant, day, user_id)
            select @tenant, u.day, u.user_id from unnest(@days, @users) as u(day, user_id)
            order by u.day, u.user_id
            on conflict do nothing
            returning day, user_id
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("days", users.Select(u => u.Day).ToArray());
            cmd.Parameters.AddWithValue("users", users.Select(u => u.UserId).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                added.Add((reader.GetFieldValue<DateOnly>(0), reader.GetString(1)));
            }
        }
        if (added.Count == 0)
        {
            return;
        }

        // The affected users' other active days near the new ones (the widest window back and forth).
        var widest = ActiveWindows.Kept.Max();
        var addedByUser = added.GroupBy(a => a.UserId).ToDictionary(g => g.Key, g => g.Select(a => a.Day).ToHashSet(), StringComparer.Ordinal);
        var knownByUser = addedByUser.Keys.ToDictionary(u => u, _ => new List<DateOnly>(), StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
            """
            select user_id, day from daily_users
            where tenant = @tenant and user_id = any(@users) and day between @from and @to
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("users", addedByUser.Keys.ToArray());
            cmd.Parameters.AddWithValue("from", added.Min(a => a.Day).AddDays(1 - widest));
            cmd.Parameters.AddWithValue("to", added.Max(a => a.Day).AddDays(widest - 1));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var (user, day) = (reader.GetString(0), reader.GetFieldValue<DateOnly>(1));
                if (!addedByUser[user].Contains(day))
                {
                    knownByUser[user].Add(day);
                }
            }
        }
        var gains = new Dictionary<(int Window, DateOnly Day), long>();
        foreach (var (user, days) in addedByUser)
        {
            foreach (var window in ActiveWindows.Kept)
            {
                foreach (var day in ActiveWindows.NewlyCovered(knownByUser[user], days, window))
                {
                    gains[(window, day)] = gains.GetValueOrDefault((window, day)) + 1;
                }
            }
        }
        var ordered = gains.OrderBy(g => g.Key.Window).ThenBy(g => g.Key.Day).ToList();
        await using (var cmd = new NpgsqlCommand(
            """
            insert into daily_active_counts (tenant, day, users)
            select @tenant, day, count(*) from unnest(@added) as a(day) group by day order by day
            on conflict (tenant, day) do update set users = daily_active_counts.users + excluded.users;
            insert into daily_window_counts (tenant, window_days, day, users)
            select @tenant, g.w, g.day, g.users from unnest(@windows, @days, @gains) as g(w, day, users)
            on conflict (tenant, window_days, day) do update set users = daily_window_counts.users + excluded.users
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("added", added.Select(a => a.Day).ToArray());
            cmd.Parameters.AddWithValue("windows", ordered.Select(g => g.Key.Window).ToArray());
            cmd.Parameters.AddWithValue("days", ordered.Select(g => g.Key.Day).ToArray());
            cmd.Parameters.AddWithValue("gains", ordered.Select(g => g.Value).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Deletes the table's buckets that start before the cutoff; returns how many rows went.</summary>
    public static async Task<int> DeleteBeforeAsync(NpgsqlDataSource dataSource, KpiGranularity table, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"delete from {RollupTable.NameOf(table)} where bucket < @cutoff");
        cmd.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        var deleted = await cmd.ExecuteNonQueryAsync(ct);
        await using var sketches = dataSource.CreateCommand($"delete from {RollupTable.SketchTableOf(table)} where bucket < @cutoff");
        sketches.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        await sketches.ExecuteNonQueryAsync(ct);
        return deleted;
    }

    /// <summary>Deletes daily_users days before the cutoff day; returns how many rows went.</summary>
    public static async Task<int> DeleteActiveUsersBeforeAsync(NpgsqlDataSource dataSource, DateOnly cutoff, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("delete from daily_users where day < @cutoff");
        cmd.Parameters.AddWithValue("cutoff", cutoff);
        var deleted = await cmd.ExecuteNonQueryAsync(ct);
        await using var counts = dataSource.CreateCommand("delete from daily_active_counts where day < @cutoff; delete from daily_window_counts where day < @cutoff");
        counts.Parameters.AddWithValue("cutoff", cutoff);
        await counts.ExecuteNonQueryAsync(ct);
        return deleted;
    }
}
