using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Domain;

/// <summary>The outcome of validating one event: a normalised event, or the reasons it was refused.</summary>
public sealed record EventValidation(ValidatedEvent? Event, IReadOnlyList<FieldViolation> Violations)
{
    public bool IsValid => Event is not null;
}

/// <summary>
/// Pure validation and normalisation of one wire event. Every rule reports the proto field name, so a caller can
/// fix its input; all violations of an event are reported, in field order.
/// </summary>
public sealed class EventValidator(IngestionPolicy policy)
{
    public EventValidation Validate(Event e, DateTimeOffset receivedAt)
    {
        var violations = new List<FieldViolation>();
        void Fail(string field, string description) => violations.Add(new FieldViolation(field, description));

        var eventId = Guid.Empty;
        if (string.IsNullOrEmpty(e.EventId))
        {
            Fail("event_id", "is required");
        }
        else if (!Guid.TryParseExact(e.EventId, "D", out eventId))
        {
            Fail("event_id", "must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
        else if (eventId == Guid.Empty)
        {
            Fail("event_id", "must not be the nil UUID");
        }

        CheckName(Fail, "domain", e.Domain, EventLimits.MaxDomainLength, IsDomainChar, "lower-case letters, digits, '_', '.' or '-'");
        CheckName(Fail, "type", e.Type, EventLimits.MaxTypeLength, IsTypeChar, "upper-case letters, digits or '_'");

        DateTimeOffset? sentAt = null;
        if (e.SentAt is not null)
        {
            sentAt = ToInstant(e.SentAt);
            if (sentAt is null)
            {
                Fail("sent_at", "is not a valid timestamp");
            }
        }

        DateTimeOffset? clientOccurredAt = null;
        DateTimeOffset? occurredAt = null;
        if (e.OccurredAt is null)
        {
            Fail("occurred_at", "is required");
        }
        else if ((clientOccurredAt = ToInstant(e.OccurredAt)) is null)
        {
            Fail("occurred_at", "is not a valid timestamp");
        }
        else if (e.SentAt is null || sentAt is not null)
        {
            occurredAt = ClockSkew.Correct(clientOccurredAt.Value, sentAt, receivedAt);
            if (occurredAt is null)
            {
                Fail("occurred_at", "is out of range after clock-skew correction");
            }
            else if (occurredAt > receivedAt + policy.MaxFuture)
            {
                Fail("occurred_at", $"is more than {Describe(policy.MaxFuture)} in the future{(sentAt is null ? "" : " (after clock-skew correction by sent_at)")}");
            }
            else if (occurredAt < receivedAt - policy.Retention)
            {
                Fail("occurred_at", $"is older than the retention of {Describe(policy.Retention)}");
            }
        }

        var userId = Optional(Fail, "user_id", e.UserId, EventLimits.MaxIdLength);
        var accountId = Optional(Fail, "account_id", e.AccountId, EventLimits.MaxIdLength);
        var entityType = Optional(Fail, "entity_type", e.EntityType, EventLimits.MaxCodeLength);
        var entityId = Optional(Fail, "entity_id", e.EntityId, EventLimits.MaxIdLength);
        var status = Optional(Fail, "status", e.Status, EventLimits.MaxCodeLength);
        var provider = Optional(Fail, "provider", e.Provider, EventLimits.MaxCodeLength);
        var serviceCode = Optional(Fail, "service_code", e.ServiceCode, EventLimits.MaxCodeLength);

        string? countryCode = null;
        if (e.CountryCode.Length > 0)
        {
            if (IsLetters(e.CountryCode, 2))
            {
                countryCode = e.CountryCode.ToUpperInvariant();
            }
            else
            {
                Fail("country_code", "must be an ISO 3166-1 alpha-2 code (2 letters)");
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
                Fail("currency", "must be an ISO 4217 code (3 letters)");
            }
        }
        else if (amountMinor is not null)
        {
            Fail("currency", "is required when amount_minor is given");
        }

        long? durationMs = e.HasDurationMs ? e.DurationMs : null;
        if (durationMs < 0)
        {
            Fail("duration_ms", "must not be negative");
        }

        var sessionId = Optional(Fail, "session_id", e.SessionId, EventLimits.MaxIdLength);
        CheckProperties(Fail, e.Properties);

        if (e.SchemaVersion < 0)
        {
            Fail("schema_version", "must not be negative");
        }

        if (violations.Count > 0)
        {
            return new EventValidation(null, violations);
        }
        var validated = new ValidatedEvent(
            eventId, e.Domain, e.Type, ToMicroseconds(occurredAt!.Value), ToMicroseconds(clientOccurredAt!.Value),
            sentAt is null ? null : ToMicroseconds(sentAt.Value), ToMicroseconds(receivedAt),
            userId, accountId, entityType, entityId, status, provider, serviceCode, countryCode,
            amountMinor, currency, durationMs, sessionId,
            e.Properties.Count == 0 ? EmptyProperties : new Dictionary<string, string>(e.Properties, StringComparer.Ordinal),
            e.SchemaVersion);
        return new EventValidation(validated, []);
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyProperties = new Dictionary<string, string>();

    private static void CheckName(Action<string, string> fail, string field, string value, int maxLength, Func<char, bool> allowed, string alphabet)
    {
        if (value.Length == 0)
        {
            fail(field, "is required");
        }
        else if (value.Length > maxLength)
        {
            fail(field, $"must be at most {maxLength} characters");
        }
        else if (!value.All(allowed) || !char.IsAsciiLetterOrDigit(value[0]))
        {
            fail(field, $"must consist of {alphabet}, starting with a letter or digit");
        }
    }

    private static string? Optional(Action<string, string> fail, string field, string value, int maxLength)
    {
        if (value.Length == 0)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            fail(field, $"must be at most {maxLength} characters");
            return null;
        }
        if (!IsPrintable(value))
        {
            fail(field, "must not contain control characters or invalid UTF-16");
            return null;
        }
        return value;
    }

    private static void CheckProperties(Action<string, string> fail, IDictionary<string, string> properties)
    {
        if (properties.Count > EventLimits.MaxProperties)
        {
            fail("properties", $"must have at most {EventLimits.MaxProperties} entries");
            return;
        }
        foreach (var (key, value) in properties)
        {
            if (key.Length is 0 or > EventLimits.MaxPropertyKeyLength || !IsPrintable(key))
            {
                fail("properties", $"keys must be 1-{EventLimits.MaxPropertyKeyLength} printable characters (key '{Shorten(key)}')");
                return;
            }
            // Values may be free text (new lines allowed) but PostgreSQL text/jsonb cannot hold NUL.
            if (value.Length > EventLimits.MaxPropertyValueLength || !IsStorable(value))
            {
                fail("properties", $"values must be at most {EventLimits.MaxPropertyValueLength} characters without NUL (key '{Shorten(key)}')");
                return;
            }
        }
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

    private static bool IsDomainChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-';

    private static bool IsTypeChar(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    private static bool IsLetters(string value, int length) => value.Length == length && value.All(char.IsAsciiLetter);

    private static bool IsPrintable(string value) => IsStorable(value) && !value.Any(char.IsControl);

    /// <summary>No NUL and no unpaired surrogate (either would fail the whole batch's insert).</summary>
    private static bool IsStorable(string value)
    {
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
