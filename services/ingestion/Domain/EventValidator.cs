using System.Buffers;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Domain.Privacy;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Domain;

/// <summary>
/// Pure validation and normalisation of one wire event. Every rule reports the proto field name, so a caller can
/// fix its input; all violations of an event are reported, in field order. Personal data is looked for in the
/// identifiers (always rejected), the code fields and the properties (masked or rejected, per tenant).
/// </summary>
public sealed class EventValidator(IngestionPolicy policy)
{
    public EventValidation Validate(Event e, DateTimeOffset receivedAt) => Validate(e, receivedAt, PrivacyMode.Redact);

    public EventValidation Validate(Event e, DateTimeOffset receivedAt, PrivacyMode privacy)
    {
        var problems = new ValidationProblems();

        var eventId = Guid.Empty;
        if (string.IsNullOrEmpty(e.EventId))
        {
            problems.Add("event_id", "is required");
        }
        else if (!Guid.TryParseExact(e.EventId, "D", out eventId))
        {
            problems.Add("event_id", "must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
        else if (eventId == Guid.Empty)
        {
            problems.Add("event_id", "must not be the nil UUID");
        }

        CheckName(ref problems, "domain", e.Domain, EventLimits.MaxDomainLength, DomainChars, "lower-case letters, digits, '_', '.' or '-'");
        CheckName(ref problems, "type", e.Type, EventLimits.MaxTypeLength, TypeChars, "upper-case letters, digits or '_'");

        DateTimeOffset? sentAt = null;
        if (e.SentAt is not null)
        {
            sentAt = ToInstant(e.SentAt);
            if (sentAt is null)
            {
                problems.Add("sent_at", "is not a valid timestamp");
            }
        }

        DateTimeOffset? clientOccurredAt = null;
        DateTimeOffset? occurredAt = null;
        if (e.OccurredAt is null)
        {
            problems.Add("occurred_at", "is required");
        }
        else if ((clientOccurredAt = ToInstant(e.OccurredAt)) is null)
        {
            problems.Add("occurred_at", "is not a valid timestamp");
        }
        else if (e.SentAt is null || sentAt is not null)
        {
            occurredAt = ClockSkew.Correct(clientOccurredAt.Value, sentAt, receivedAt);
            if (occurredAt is null)
            {
                problems.Add("occurred_at", "is out of range after clock-skew correction");
            }
            else if (occurredAt > receivedAt + policy.MaxFuture)
            {
                problems.Add("occurred_at", $"is more than {Describe(policy.MaxFuture)} in the future{(sentAt is null ? "" : " (after clock-skew correction by sent_at)")}");
            }
            else if (occurredAt < receivedAt - policy.Retention)
            {
                problems.Add("occurred_at", $"is older than the retention of {Describe(policy.Retention)}");
            }
        }

        var userId = Identifier(ref problems, "user_id", e.UserId);
        var accountId = Identifier(ref problems, "account_id", e.AccountId);
        var entityType = Code(ref problems, "entity_type", e.EntityType, privacy);
        var entityId = Identifier(ref problems, "entity_id", e.EntityId);
        var status = Code(ref problems, "status", e.Status, privacy);
        var provider = Code(ref problems, "provider", e.Provider, privacy);
        var serviceCode = Code(ref problems, "service_code", e.ServiceCode, privacy);

        string? countryCode = null;
        if (e.CountryCode.Length > 0)
        {
            countryCode = CountryCodes.Normalize(e.CountryCode);
            if (countryCode is null)
            {
                problems.Add("country_code", "must be an assigned ISO 3166-1 alpha-2 code (e.g. DE, US, GB)");
            }
        }

        long? amountMinor = e.HasAmountMinor ? e.AmountMinor : null;
        string? currency = null;
        if (e.Currency.Length > 0)
        {
            if (IsLetters(e.Currency, 3))
            {
                currency = e.Currency.ToUpperInvariant();
            }
            else
            {
                problems.Add("currency", "must be an ISO 4217 code (3 letters)");
            }
        }
        else if (amountMinor is not null)
        {
            problems.Add("currency", "is required when amount_minor is given");
        }

        long? durationMs = e.HasDurationMs ? e.DurationMs : null;
        if (durationMs < 0)
        {
            problems.Add("duration_ms", "must not be negative");
        }

        var sessionId = Identifier(ref problems, "session_id", e.SessionId);
        var properties = CheckProperties(ref problems, e.Properties, privacy);

        if (e.SchemaVersion < 0)
        {
            problems.Add("schema_version", "must not be negative");
        }

        if (problems.List is not null)
        {
            return new EventValidation(null, problems.List) { Code = problems.FirstCode, ExceedsLimit = problems.ExceedsLimit };
        }
        var validated = new ValidatedEvent(
            eventId, e.Domain, e.Type, ToMicroseconds(occurredAt!.Value), ToMicroseconds(clientOccurredAt!.Value),
            sentAt is null ? null : ToMicroseconds(sentAt.Value), ToMicroseconds(receivedAt),
            userId, accountId, entityType, entityId, status, provider, serviceCode, countryCode,
            amountMinor, currency, durationMs, sessionId, properties, e.SchemaVersion);
        return new EventValidation(validated, []) { Redactions = (IReadOnlyList<Redaction>?)problems.Redactions ?? [] };
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyProperties = new Dictionary<string, string>();

    private static void CheckName(ref ValidationProblems problems, string field, string value, int maxLength, SearchValues<char> allowed, string alphabet)
    {
        if (value.Length == 0)
        {
            problems.Add(field, "is required");
        }
        else if (value.Length > maxLength)
        {
            problems.Add(field, $"must be at most {maxLength} characters");
        }
        else if (value.AsSpan().ContainsAnyExcept(allowed) || !char.IsAsciiLetterOrDigit(value[0]))
        {
            problems.Add(field, $"must consist of {alphabet}, starting with a letter or digit");
        }
    }

    private static string? Optional(ref ValidationProblems problems, string field, string value, int maxLength)
    {
        if (value.Length == 0)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            problems.Add(field, $"must be at most {maxLength} characters");
            return null;
        }
        if (!IsPrintable(value))
        {
            problems.Add(field, "must not contain control characters or invalid UTF-16");
            return null;
        }
        return value;
    }

    /// <summary>user_id, account_id, entity_id, session_id: printable, bounded, pseudonymous.</summary>
    private static string? Identifier(ref ValidationProblems problems, string field, string value)
    {
        var id = Optional(ref problems, field, value, EventLimits.MaxIdLength);
        return id is null ? null : PrivacyScreen.Identifier(ref problems, field, id);
    }

    /// <summary>entity_type, status, provider, service_code: printable, bounded, personal data masked or refused.</summary>
    private static string? Code(ref ValidationProblems problems, string field, string value, PrivacyMode privacy)
    {
        var code = Optional(ref problems, field, value, EventLimits.MaxCodeLength);
        return code is null ? null : PrivacyScreen.Text(ref problems, field, code, privacy, propertyKey: null);
    }

    private IReadOnlyDictionary<string, string> CheckProperties(ref ValidationProblems problems, MapField<string, string> properties, PrivacyMode privacy)
    {
        if (properties.Count == 0)
        {
            return EmptyProperties;
        }
        if (properties.Count > policy.MaxProperties)
        {
            problems.Add("properties", $"must have at most {policy.MaxProperties} entries (got {properties.Count})", "too_many_properties", limit: true);
            return EmptyProperties;
        }
        Dictionary<string, string>? screened = null;   // a copy, made only when something is masked
        foreach (var (key, value) in properties)
        {
            if (key.Length is 0 or > EventLimits.MaxPropertyKeyLength || !IsPrintable(key))
            {
                problems.Add("properties", $"keys must be 1-{EventLimits.MaxPropertyKeyLength} printable characters (key '{Shorten(key)}')");
                return EmptyProperties;
            }
            // Values may be free text (new lines allowed) but PostgreSQL text/jsonb cannot hold NUL.
            if (value.Length > EventLimits.MaxPropertyValueLength || !IsStorable(value))
            {
                problems.Add("properties", $"values must be at most {EventLimits.MaxPropertyValueLength} characters without NUL (key '{Shorten(key)}')");
                return EmptyProperties;
            }
            switch (PrivacyScreen.Key(ref problems, key, privacy))
            {
                case PrivacyScreen.KeyVerdict.Refused:
                    return EmptyProperties;
                case PrivacyScreen.KeyVerdict.Drop:
                    screened ??= new Dictionary<string, string>(properties, StringComparer.Ordinal);
                    screened.Remove(key);
                    continue;
            }
            var clean = PrivacyScreen.Text(ref problems, "properties", value, privacy, key);
            if (clean is null)
            {
                return EmptyProperties;
            }
            if (!ReferenceEquals(clean, value))
            {
                screened ??= new Dictionary<string, string>(properties, StringComparer.Ordinal);
                screened[key] = clean;
            }
        }
        // The request message is not changed after validation, so its map can be stored as it is.
        return screened ?? (IReadOnlyDictionary<string, string>)properties;
    }

    /// <summary>PostgreSQL keeps microseconds: truncate here so the stored row and the announced event agree.</summary>
    internal static DateTimeOffset ToMicroseconds(DateTimeOffset t)
    {
        var ticks = t.UtcTicks;
        return new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero);
    }

    internal static DateTimeOffset? ToInstant(Timestamp t) =>
        t.Seconds is >= -62135596800 and <= 253402300799 && t.Nanos is >= 0 and <= 999_999_999
            ? t.ToDateTimeOffset()
            : null;

    private static readonly SearchValues<char> DomainChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static readonly SearchValues<char> TypeChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private static bool IsLetters(string value, int length) => value.Length == length && value.All(char.IsAsciiLetter);

    /// <summary>No control characters (C0, DEL, C1) and storable.</summary>
    private static bool IsPrintable(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') < 0 && value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') < 0 && IsStorable(value);

    /// <summary>No NUL and no unpaired surrogate (either would fail the whole batch's insert).</summary>
    private static bool IsStorable(string value)
    {
        if (value.AsSpan().IndexOf('\0') < 0 && value.AsSpan().IndexOfAnyInRange('\ud800', '\udfff') < 0)
        {
            return true;   // the common case, vectorised
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return false;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    private static string Shorten(string key) => key.Length <= 32 ? key.Replace('\0', '?') : key[..32].Replace('\0', '?') + "…";

    private static string Describe(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((long)span.TotalDays, "day")
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? Plural((long)span.TotalMinutes, "minute")
        : Plural((long)span.TotalSeconds, "second");

    private static string Plural(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
