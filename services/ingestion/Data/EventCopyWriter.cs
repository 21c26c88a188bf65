using System.Buffers;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>
/// Writes events_raw rows through binary COPY. The synchronous importer API is used on purpose: it is ~25 % faster
/// than the async one (docs/benchmarks.md) and only blocks when the socket buffer is full; the number of commits
/// in flight, hence of threads that can block here, is bounded by <see cref="CommitGate"/>.
/// </summary>
internal static class EventCopyWriter
{
    public const string CopyCommand =
        """
        copy events_raw (tenant, event_id, domain, type, occurred_at, client_occurred_at, sent_at, received_at,
                         user_id, account_id, entity_type, entity_id, status, provider, service_code, country_code,
                         amount_minor, currency, duration_ms, session_id, properties, schema_version)
        from stdin (format binary)
        """;

    private static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_json;

    public static void WriteRows(NpgsqlBinaryImporter copy, string tenant, IReadOnlyList<ValidatedEvent> events, IReadOnlySet<Guid>? only)
    {
        var json = t_json ??= new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(json);
        foreach (var e in events)
        {
            if (only is not null && !only.Contains(e.EventId))
            {
                continue;
            }
            copy.StartRow();
            copy.Write(tenant, NpgsqlDbType.Text);
            copy.Write(e.EventId, NpgsqlDbType.Uuid);
            copy.Write(e.Domain, NpgsqlDbType.Text);
            copy.Write(e.Type, NpgsqlDbType.Text);
            copy.Write(e.OccurredAt, NpgsqlDbType.TimestampTz);
            copy.Write(e.ClientOccurredAt, NpgsqlDbType.TimestampTz);
            WriteNullable(copy, e.SentAt, NpgsqlDbType.TimestampTz);
            copy.Write(e.ReceivedAt, NpgsqlDbType.TimestampTz);
            WriteText(copy, e.UserId);
            WriteText(copy, e.AccountId);
            WriteText(copy, e.EntityType);
            WriteText(copy, e.EntityId);
            WriteText(copy, e.Status);
            WriteText(copy, e.Provider);
            WriteText(copy, e.ServiceCode);
            WriteText(copy, e.CountryCode);
            WriteNullable(copy, e.AmountMinor, NpgsqlDbType.Bigint);
            WriteText(copy, e.Currency);
            WriteNullable(copy, e.DurationMs, NpgsqlDbType.Bigint);
            WriteText(copy, e.SessionId);
            if (e.Properties.Count == 0)
            {
                copy.Write(EmptyObject, NpgsqlDbType.Jsonb);
            }
            else
            {
                json.ResetWrittenCount();
                writer.Reset(json);
                writer.WriteStartObject();
                foreach (var (key, value) in e.Properties)
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
                writer.Flush();
                // Copied by the importer into its buffer before the next write, so the buffer can be reused.
                copy.Write(json.WrittenMemory, NpgsqlDbType.Jsonb);
            }
            copy.Write(e.SchemaVersion, NpgsqlDbType.Integer);
        }
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            copy.Write(v, type);
        }
        else
        {
            copy.WriteNull();
        }
    }
}
