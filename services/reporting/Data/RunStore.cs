using Npgsql;
using NpgsqlTypes;
using Suite.ServiceDefaults.Data;

namespace Suite.Reporting.Data;

public static class RunTriggers
{
    public const string Schedule = "schedule";
    public const string CatchUp = "catch_up";
    public const string OnDemand = "on_demand";
}

public static class RunStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>A report_runs row.</summary>
public sealed record ReportRun(
    Guid Id,
    string Tenant,
    Guid? SubscriptionId,
    string ReportType,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? PeriodFrom,
    DateTimeOffset? PeriodTo,
    string Trigger,
    string Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? DurationMs,
    long? SizeBytes,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<Guid> ReportIds,
    int Missed,
    string? Error,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Headlines);

/// <summary>What one attempt of a run came to.</summary>
public sealed record RunAttempt(string Status, DateTimeOffset? NextAttemptAt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    long SizeBytes, IReadOnlyList<string> Recipients, IReadOnlyList<Guid> ReportIds, string? Error, IReadOnlyList<string> Headlines);

/// <summary>The report_runs table.</summary>
public static class RunStore
{
    private const string Columns =
        "id, tenant, subscription_id, report_type, scheduled_for, period_from, period_to, trigger, status, attempts, started_at, " +
        "finished_at, duration_ms, size_bytes, recipients, report_ids, missed, error, created_at, headlines";

    /// <returns>false when the subscription already has a run for that time (the unique key).</returns>
    public static async Task<bool> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ReportRun run, DateTimeOffset? nextAttemptAt, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"""
            insert into report_runs (id, tenant, subscription_id, report_type, scheduled_for, period_from, period_to, trigger, status,
                                     next_attempt_at, missed, created_at)
            values (@id, @tenant, @subscription, @type, @scheduled, @from, @to, @trigger, @status, @next, @missed, @created)
            on conflict (subscription_id, scheduled_for) do nothing
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", run.Id);
        cmd.Parameters.AddWithValue("tenant", run.Tenant);
        cmd.Parameters.Add(new NpgsqlParameter("subscription", NpgsqlDbType.Uuid) { Value = (object?)run.SubscriptionId ?? DBNull.Value });
        cmd.Parameters.AddWithValue("type", run.ReportType);
        cmd.Parameters.Add(Time("scheduled", run.ScheduledFor));
        cmd.Parameters.Add(Time("from", run.PeriodFrom));
        cmd.Parameters.Add(Time("to", run.PeriodTo));
        cmd.Parameters.AddWithValue("trigger", run.Trigger);
        cmd.Parameters.AddWithValue("status", run.Status);
        cmd.Parameters.Add(Time("next", nextAttemptAt));
        cmd.Parameters.AddWithValue("missed", run.Missed);
        cmd.Parameters.AddWithValue("created", run.CreatedAt);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>An on-demand call, recorded once it is over (succeeded or failed): nothing is left to retry.</summary>
    public static async Task InsertFinishedAsync(NpgsqlDataSource db, ReportRun run, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(run.Tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            insert into report_runs (id, tenant, subscription_id, report_type, period_from, period_to, trigger, status, attempts,
                                     started_at, finished_at, duration_ms, size_bytes, report_ids, error, created_at, headlines)
            values (@id, @tenant, null, @type, @from, @to, @trigger, @status, 1, @started, @finished, @duration, @size, @reports,
                    @error, @created, @headlines)
            """, conn);
        cmd.Parameters.AddWithValue("id", run.Id);
        cmd.Parameters.AddWithValue("tenant", run.Tenant);
        cmd.Parameters.AddWithValue("type", run.ReportType);
        cmd.Parameters.Add(Time("from", run.PeriodFrom));
        cmd.Parameters.Add(Time("to", run.PeriodTo));
        cmd.Parameters.AddWithValue("trigger", run.Trigger);
        cmd.Parameters.AddWithValue("status", run.Status);
        cmd.Parameters.Add(Time("started", run.StartedAt));
        cmd.Parameters.Add(Time("finished", run.FinishedAt));
        cmd.Parameters.Add(new NpgsqlParameter("duration", NpgsqlDbType.Integer) { Value = (object?)run.DurationMs ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("size", NpgsqlDbType.Bigint) { Value = (object?)run.SizeBytes ?? DBNull.Value });
        cmd.Parameters.AddWithValue("reports", run.ReportIds.ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)run.Error ?? DBNull.Value });
        cmd.Parameters.AddWithValue("created", run.CreatedAt);
        cmd.Parameters.AddWithValue("headlines", run.Headlines.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The oldest due pending run, locked until this transaction ends: another replica skips it.</summary>
    public static async Task<ReportRun?> ClaimNextAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"""
            select {Columns} from report_runs
            where status = 'pending' and next_attempt_at <= @now
            order by next_attempt_at, id
            limit 1
            for update skip locked
            """, conn, tx);
        cmd.Parameters.AddWithValue("now", now);
        var rows = await ReadAllAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, RunAttempt attempt, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            update report_runs set status = @status, next_attempt_at = @next, attempts = attempts + 1,
                   started_at = coalesce(started_at, @started), finished_at = @finished,
                   duration_ms = @duration, size_bytes = @size, recipients = @recipients, report_ids = @reports, error = @error,
                   headlines = @headlines
            where id = @id
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("status", attempt.Status);
        cmd.Parameters.Add(Time("next", attempt.NextAttemptAt));
        cmd.Parameters.AddWithValue("started", attempt.StartedAt);
        cmd.Parameters.AddWithValue("finished", attempt.FinishedAt);
        cmd.Parameters.AddWithValue("duration", (int)Math.Min(int.MaxValue, (attempt.FinishedAt - attempt.StartedAt).TotalMilliseconds));
        cmd.Parameters.AddWithValue("size", attempt.SizeBytes);
        cmd.Parameters.AddWithValue("recipients", attempt.Recipients.ToArray());
        cmd.Parameters.AddWithValue("reports", attempt.ReportIds.ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)attempt.Error ?? DBNull.Value });
        cmd.Parameters.AddWithValue("headlines", attempt.Headlines.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Newest first.</summary>
    public static async Task<IReadOnlyList<ReportRun>> ListAsync(NpgsqlDataSource db, string tenant, Guid? subscriptionId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            $"""
            select {Columns} from report_runs
            where tenant = @tenant and (@subscription::uuid is null or subscription_id = @subscription)
            order by created_at desc, id desc limit @limit
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.Add(new NpgsqlParameter("subscription", NpgsqlDbType.Uuid) { Value = (object?)subscriptionId ?? DBNull.Value });
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(cmd, ct);
    }

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = (object?)value ?? DBNull.Value };

    private static async Task<IReadOnlyList<ReportRun>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<ReportRun>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
            rows.Add(new ReportRun(
                r.GetGuid(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetString(3), At(4), At(5), At(6),
                r.GetString(7), r.GetString(8), r.GetInt32(9), At(10), At(11), r.IsDBNull(12) ? null : r.GetInt32(12),
                r.IsDBNull(13) ? null : r.GetInt64(13), r.GetFieldValue<string[]>(14), r.GetFieldValue<Guid[]>(15), r.GetInt32(16),
                r.IsDBNull(17) ? null : r.GetString(17), r.GetFieldValue<DateTimeOffset>(18), r.GetFieldValue<string[]>(19)));
        }
        return rows;
    }
}
