using System.Text.Json;
using Suite.Contracts.Events;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Data;

/// <summary>
/// The EventBatchIngested outbox payload, written straight to UTF-8 JSON: the same document the outbox's
/// serializer produces (web defaults: camelCase, ISO 8601 times) minus the null members, which deserialise to null
/// anyway. Measured: the reflection serializer and the bigger payload were a large part of the per-event cost.
/// </summary>
internal static class BatchAnnouncement
{
    private static readonly JsonEncodedText BatchIdName = JsonEncodedText.Encode("batchId");
    private static readonly JsonEncodedText TenantName = JsonEncodedText.Encode("tenant");
    private static readonly JsonEncodedText CommittedAtName = JsonEncodedText.Encode("committedAt");
    private static readonly JsonEncodedText EventsName = JsonEncodedText.Encode("events");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText DomainName = JsonEncodedText.Encode("domain");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText OccurredAtName = JsonEncodedText.Encode("occurredAt");
    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText AccountIdName = JsonEncodedText.Encode("accountId");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText CountryCodeName = JsonEncodedText.Encode("countryCode");
    private static readonly JsonEncodedText ProviderName = JsonEncodedText.Encode("provider");
    private static readonly JsonEncodedText ServiceCodeName = JsonEncodedText.Encode("serviceCode");
    private static readonly JsonEncodedText AmountMinorName = JsonEncodedText.Encode("amountMinor");
    private static readonly JsonEncodedText CurrencyName = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText DurationMsName = JsonEncodedText.Encode("durationMs");
    private static readonly JsonEncodedText EntityTypeName = JsonEncodedText.Encode("entityType");
    private static readonly JsonEncodedText EntityIdName = JsonEncodedText.Encode("entityId");
    private static readonly JsonEncodedText SessionIdName = JsonEncodedText.Encode("sessionId");
    private static readonly JsonEncodedText PropertiesName = JsonEncodedText.Encode("properties");

    public static void Write(Utf8JsonWriter json, Guid batchId, string tenant, DateTimeOffset committedAt, IReadOnlyList<ValidatedEvent> events, IReadOnlySet<Guid> newIds, int skip, int take)
    {
        json.WriteStartObject();
        json.WriteString(BatchIdName, batchId);
        json.WriteString(TenantName, tenant);
        json.WriteString(CommittedAtName, committedAt);
        json.WriteStartArray(EventsName);
        var written = 0;
        var seen = 0;
        foreach (var e in events)
        {
            if (!newIds.Contains(e.EventId) || seen++ < skip)
            {
                continue;
            }
            if (written++ == take)
            {
                break;
            }
            json.WriteStartObject();
            json.WriteString(EventIdName, e.EventId);
            json.WriteString(DomainName, e.Domain);
            json.WriteString(TypeName, e.Type);
            json.WriteString(OccurredAtName, e.OccurredAt);
            Optional(json, UserIdName, e.UserId);
            Optional(json, AccountIdName, e.AccountId);
            Optional(json, StatusName, e.Status);
            Optional(json, CountryCodeName, e.CountryCode);
            Optional(json, ProviderName, e.Provider);
            Optional(json, ServiceCodeName, e.ServiceCode);
            if (e.AmountMinor is { } amount)
            {
                json.WriteNumber(AmountMinorName, amount);
            }
            Optional(json, CurrencyName, e.Currency);
            if (e.DurationMs is { } duration)
            {
                json.WriteNumber(DurationMsName, duration);
            }
            Optional(json, EntityTypeName, e.EntityType);
            Optional(json, EntityIdName, e.EntityId);
            Optional(json, SessionIdName, e.SessionId);
            WriteProperties(json, e.Properties);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    private static void Optional(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>Properties in key order, skipping any that would take the event past <see cref="IngestedEvent.MaxPropertyChars"/>.</summary>
    private static void WriteProperties(Utf8JsonWriter json, IReadOnlyDictionary<string, string> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }
        json.WriteStartObject(PropertiesName);
        var chars = 0;
        foreach (var (key, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (chars + key.Length + value.Length > IngestedEvent.MaxPropertyChars)
            {
                continue;
            }
            chars += key.Length + value.Length;
            json.WriteString(key, value);
        }
        json.WriteEndObject();
    }

    /// <summary>Announcements needed for <paramref name="count"/> new events (at most <see cref="EventBatchIngested.MaxEvents"/> each).</summary>
    public static int ChunksFor(int count) => (count + EventBatchIngested.MaxEvents - 1) / EventBatchIngested.MaxEvents;
}
