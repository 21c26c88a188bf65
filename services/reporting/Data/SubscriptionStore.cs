using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Scheduling;
using Suite.Reporting.Domain.Subscriptions;
using Suite.ServiceDefaults.Data;

namespace Suite.Reporting.Data;

/// <summary>The subscriptions table, always scoped to a tenant.</summary>
public sealed class SubscriptionStore(NpgsqlDataSource db)
{
    internal const string Columns =
        "id, tenant, name, report_type, parameters::text, cron, time_zone, catch_up, formats, emails, slack_webhooks, enabled, next_run_at, created_at, updated_at";

    /// <returns>null when the tenant already has a subscription with that name.</returns>
    public async Task<Subscription?> InsertAsync(string tenant, SubscriptionSpec spec, DateTimeOffset now, CancellationToken ct)
    {
        var subscription = new Subscription(Guid.CreateVersion7(now), tenant, spec, FirstRun(spec, now), now, now);
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            insert into subscriptions (id, tenant, name, report_type, parameters, cron, time_zone, catch_up, formats, emails,
                                       slack_webhooks, enabled, next_run_at, created_at, updated_at)
            values (@id, @tenant, @name, @type, @parameters, @cron, @zone, @catch_up, @formats, @emails, @webhooks, @enabled,
                    @next, @now, @now)
            on conflict (tenant, name) do nothing
            """, conn);
        Bind(cmd, subscription);
        return await cmd.ExecuteNonQueryAsync(ct) == 1 ? subscription : null;
    }

    /// <returns>The stored subscription; null when it does not exist for the tenant. <c>NameTaken</c> when another has the name.</returns>
    public async Task<(Subscription? Updated, bool NameTaken)> UpdateAsync(string tenant, Guid id, SubscriptionSpec spec, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await GetAsync(tenant, id, ct);
        if (existing is null)
        {
            return (null, false);
        }
        var updated = existing with { Spec = spec, NextRunAt = FirstRun(spec, now), UpdatedAt = now };
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            update subscriptions set name = @name, report_type = @type, parameters = @parameters, cron = @cron, time_zone = @zone,
                   catch_up = @catch_up, formats = @formats, emails = @emails, slack_webhooks = @webhooks, enabled = @enabled,
                   next_run_at = @next, updated_at = @now
            where id = @id and tenant = @tenant
            """, conn);
        Bind(cmd, updated);
        try
        {
            return await cmd.ExecuteNonQueryAsync(ct) == 1 ? (updated, false) : (null, false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return (null, true);
        }
    }

    public async Task<bool> DeleteAsync(string tenant, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand("delete from subscriptions where id = @id and tenant = @tenant", conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("tenant", tenant);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<Subscription?> GetAsync(string tenant, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand($"select {Columns} from subscriptions where id = @id and tenant = @tenant", conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("tenant", tenant);
        var rows = await ReadAllAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(string tenant, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand($"select {Columns} from subscriptions where tenant = @tenant order by name", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        return await ReadAllAsync(cmd, ct);
    }

    /// <summary>The first scheduled time after now, or null when disabled (a disabled subscription is never due).</summary>
    public static DateTimeOffset? FirstRun(SubscriptionSpec spec, DateTimeOffset now) =>
        spec.Enabled ? ScheduleDecisions.NextAfter(spec.Schedule, now) : null;

    private static void Bind(NpgsqlCommand cmd, Subscription s)
    {
        cmd.Parameters.AddWithValue("id", s.Id);
        cmd.Parameters.AddWithValue("tenant", s.Tenant);
        cmd.Parameters.AddWithValue("name", s.Spec.Name);
        cmd.Parameters.AddWithValue("type", s.Spec.ReportType);
        cmd.Parameters.Add(new NpgsqlParameter("parameters", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(s.Spec.Parameters) });
        cmd.Parameters.AddWithValue("cron", s.Spec.Cron);
        cmd.Parameters.AddWithValue("zone", s.Spec.TimeZone);
        cmd.Parameters.AddWithValue("catch_up", ReportSchedule.PolicyName(s.Spec.Schedule.CatchUp));
        cmd.Parameters.AddWithValue("formats", s.Spec.Formats.Select(FormatName).ToArray());
        cmd.Parameters.AddWithValue("emails", s.Spec.Emails.ToArray());
        cmd.Parameters.AddWithValue("webhooks", s.Spec.SlackWebhooks.ToArray());
        cmd.Parameters.AddWithValue("enabled", s.Spec.Enabled);
        cmd.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.TimestampTz) { Value = (object?)s.NextRunAt ?? DBNull.Value });
        cmd.Parameters.AddWithValue("now", s.UpdatedAt);
    }

    public static string FormatName(ReportFormatKind format) => Rendering.ReportRenderers.Name(format);

    private static ReportFormatKind ParseFormat(string name) => name switch
    {
        "pdf" => ReportFormatKind.Pdf,
        "html" => ReportFormatKind.Html,
        "csv" => ReportFormatKind.Csv,
        "xlsx" => ReportFormatKind.Xlsx,
        _ => throw new InvalidOperationException($"unknown stored format '{name}'"),
    };

    internal static async Task<IReadOnlyList<Subscription>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<Subscription>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(Read(r));
        }
        return rows;
    }

    internal static Subscription Read(NpgsqlDataReader r)
    {
        var (schedule, violations) = ReportSchedule.Parse(r.GetString(5), r.GetString(6), r.GetString(7));
        if (schedule is null)
        {
            // Stored rows were validated; a time zone that vanished from the machine's tz database lands here.
            throw new InvalidOperationException($"subscription {r.GetGuid(0)}: {string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}"))}");
        }
        var spec = new SubscriptionSpec(
            r.GetString(2), r.GetString(3),
            JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4))!,
            r.GetString(5), r.GetString(6), schedule,
            r.GetFieldValue<string[]>(8).Select(ParseFormat).ToList(),
            r.GetFieldValue<string[]>(9), r.GetFieldValue<string[]>(10), r.GetBoolean(11));
        return new Subscription(r.GetGuid(0), r.GetString(1), spec,
            r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12), r.GetFieldValue<DateTimeOffset>(13), r.GetFieldValue<DateTimeOffset>(14));
    }
}
