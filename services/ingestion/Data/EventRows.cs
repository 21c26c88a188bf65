using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>events_raw rows in binary COPY format: the column list and the encoding of one event per row.</summary>
internal static class EventRows
{
    private const string ColumnList =
        """
        (tenant, event_id, domain, type, occurred_at, client_occurred_at, sent_at, received_at,
         user_id, account_id, entity_type, entity_id, status, provider, service_code, country_code,
         amount_minor, currency, duration_ms, session_id, properties, schema_version)
        """;

    private static readonly ConcurrentDictionary<int, string> CopyCommands = new();

    /// <summary>
    /// COPY into the month's partition, not into events_raw: PostgreSQL refuses COPY FROM into a table under row-level
    /// security (events_raw's policy binds the service, docs/tenant-isolation.md), and a partition is not under it. The
    /// rows' tenant is the request's, the same one the transaction set for the key insert. One string per month, made once.
    /// </summary>
    public static string CopyCommandFor(DateTimeOffset month) =>
        CopyCommands.GetOrAdd(month.Year * 100 + month.Month, key =>
            $"copy {RetentionPlan.PartitionPrefix}{key:D6} {ColumnList} from stdin (format binary)");

    /// <summary>The first instant (UTC) of the month holding <paramref name="occurredAt"/>, i.e. of its partition.</summary>
    public static DateTimeOffset MonthOf(DateTimeOffset occurredAt)
    {
        var utc = occurredAt.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private const short Columns = 22;
    private const byte JsonbVersion = 1;

    /// <summary>jsonb is stored unescaped anyway: escape only what JSON requires.</summary>
    internal static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Rows for several tenants' events, in one COPY.</summary>
    /// <param name="parts">Per tenant the events and the ones among them to write (the new ones; null: all).</param>
    /// <param name="month">Only the events of this month (<see cref="MonthOf"/>); null: all.</param>
    public static PooledBuffer Encode(IReadOnlyList<(string Tenant, IReadOnlyList<ValidatedEvent> Events, IReadOnlySet<Guid>? Only)> parts, DateTimeOffset? month = null)
    {
        var rows = PooledBuffer.ForCopy(parts.Sum(p => p.Events.Count) * 256 + 64);
        using var json = new Utf8JsonWriter(rows, JsonOptions);
        foreach (var (tenant, events, only) in parts)
        {
            AddRows(rows, json, tenant, events, only, month);
        }
        rows.Finish();
        return rows;
    }

    private static void AddRows(PooledBuffer rows, Utf8JsonWriter json, string tenant, IReadOnlyList<ValidatedEvent> events, IReadOnlySet<Guid>? only, DateTimeOffset? month)
    {
        foreach (var e in events)
        {
            if ((only is not null && !only.Contains(e.EventId)) || (month is not null && MonthOf(e.OccurredAt) != month))
            {
                continue;
            }
            rows.StartRow(Columns);
            rows.Text(tenant);
            rows.Uuid(e.EventId);
            rows.Text(e.Domain);
            rows.Text(e.Type);
            rows.TimestampTz(e.OccurredAt);
            rows.TimestampTz(e.ClientOccurredAt);
            rows.TimestampTz(e.SentAt);
            rows.TimestampTz(e.ReceivedAt);
            rows.Text(e.UserId);
            rows.Text(e.AccountId);
            rows.Text(e.EntityType);
            rows.Text(e.EntityId);
            rows.Text(e.Status);
            rows.Text(e.Provider);
            rows.Text(e.ServiceCode);
            rows.Text(e.CountryCode);
            rows.Int64(e.AmountMinor);
            rows.Text(e.Currency);
            rows.Int64(e.DurationMs);
            rows.Text(e.SessionId);
            var field = rows.BeginField();
            rows.Byte(JsonbVersion);
            json.Reset(rows);
            json.WriteStartObject();
            foreach (var (key, value) in e.Properties)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            json.Flush();
            rows.EndField(field);
            rows.Int32(e.SchemaVersion);
        }
    }
}
