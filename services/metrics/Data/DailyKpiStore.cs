using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>One built-in KPI's value for a tenant and UTC day.</summary>
public sealed record DailyKpiRow(string Kpi, long Numerator, long Denominator, bool HasValue, double Value);

/// <summary>daily_kpis and etl_job_runs.</summary>
public static class DailyKpiStore
{
    /// <summary>Replaces the day's rows (delete then insert) inside the caller's transaction.</summary>
    public static async Task ReplaceDayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, DateOnly day, IReadOnlyList<DailyKpiRow> rows, CancellationToken ct)
    {
        await using (var delete = new NpgsqlCommand("delete from daily_kpis where tenant = @tenant and day = @day", conn, tx))
        {
            delete.Parameters.AddWithValue("tenant", tenant);
            delete.Parameters.AddWithValue("day", day);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using var insert = new NpgsqlCommand(
            """
            insert into daily_kpis (tenant, day, kpi, numerator, denominator, has_value, value)
            select @tenant, @day, r.* from unnest(@kpis, @numerators, @denominators, @has_values, @values) as r
            """, conn, tx);
        insert.Parameters.AddWithValue("tenant", tenant);
        insert.Parameters.AddWithValue("day", day);
        insert.Parameters.AddWithValue("kpis", rows.Select(r => r.Kpi).ToArray());
        insert.Parameters.AddWithValue("numerators", rows.Select(r => r.Numerator).ToArray());
        insert.Parameters.AddWithValue("denominators", rows.Select(r => r.Denominator).ToArray());
        insert.Parameters.AddWithValue("has_values", rows.Select(r => r.HasValue).ToArray());
        insert.Parameters.AddWithValue("values", rows.Select(r => r.Value).ToArray());
        await insert.ExecuteNonQueryAsync(ct);
    }

    public static async Task RecordRunAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string tenant, EtlDayStatus run, DateTimeOffset startedAt, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            insert into etl_job_runs (tenant, day, status, rows, started_at, finished_at, duration_ms, error)
            values (@tenant, @day, @status, @rows, @started_at, @finished_at, @duration_ms, @error)
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("day", run.Day);
        cmd.Parameters.AddWithValue("status", run.Status == EtlStatus.Succeeded ? "succeeded" : "failed");
        cmd.Parameters.AddWithValue("rows", run.Rows);
        cmd.Parameters.AddWithValue("started_at", startedAt.ToUniversalTime());
        cmd.Parameters.AddWithValue("finished_at", run.FinishedAt!.Value.ToUniversalTime());
        cmd.Parameters.AddWithValue("duration_ms", run.DurationMs);
        cmd.Parameters.AddWithValue("error", (object?)run.Error ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The latest run of each day in [first, last] that ran at all.</summary>
    public static async Task<Dictionary<DateOnly, EtlDayStatus>> LatestRunsAsync(NpgsqlDataSource dataSource, string tenant, DateOnly first, DateOnly last, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            select distinct on (day) day, status, rows, duration_ms, error, finished_at
            from etl_job_runs where tenant = @tenant and day between @first and @last
            order by day, id desc
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("first", first);
        cmd.Parameters.AddWithValue("last", last);
        var runs = new Dictionary<DateOnly, EtlDayStatus>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var day = reader.GetFieldValue<DateOnly>(0);
            runs[day] = new EtlDayStatus(day, reader.GetString(1) == "succeeded" ? EtlStatus.Succeeded : EtlStatus.Failed,
                reader.GetInt32(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5));
        }
        return runs;
    }

    /// <summary>Tenants with any activity in [first, last] (UTC days): the ones the nightly ETL covers.</summary>
    public static async Task<IReadOnlyList<string>> ActiveTenantsAsync(NpgsqlDataSource dataSource, DateOnly first, DateOnly last, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "select distinct tenant from rollup_day where bucket >= @from and bucket < @to order by tenant");
        cmd.Parameters.AddWithValue("from", new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        cmd.Parameters.AddWithValue("to", new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var tenants = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }
}
