using System.Buffers;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Domain.Privacy;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Domain;

/// <summary>The outcome of validating one event: a normalised event, or the reasons it was refused.</summary>
public sealed record EventValidation(ValidatedEvent? Event, IReadOnlyList<FieldViolation> Violations)
{
    public bool IsValid => Event is not null;

    /// <summary>For rejections: bounded reason code of the first violation (metric label, stats key).</summary>
    public string? Code { get; init; }

    /// <summary>For rejections: a configured limit was exceeded (RESOURCE_EXHAUSTED for a single event).</summary>
    public bool ExceedsLimit { get; init; }

    /// <summary>For valid events: the personal data that was masked.</summary>
    public IReadOnlyList<Redaction> Redactions { get; init; } = [];

    public static EventValidation Reject(string field, string description, string code, bool exceedsLimit = false) =>
        new(null, [new FieldViolation(field, description)]) { Code = code, ExceedsLimit = exceedsLimit };
}

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
        var problems = new Problems();

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

    /// <summary>Violations and redactions of one event; allocates only when there is something to report.</summary>
    private struct Problems
    {
        public List<FieldViolation>? List;
        public string? FirstCode;
        public bool ExceedsLimit;
        public List<Redaction>? Redactions;

        public void Add(string field, string description, string? code = null, bool limit = false)
        {
            (List ??= []).Add(new FieldViolation(field, description));
            FirstCode ??= code ?? field;
            ExceedsLimit |= limit;
        }

        public void Redacted(string field, PersonalDataKind kind) => (Redactions ??= []).Add(new Redaction(field, kind));
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyProperties = new Dictionary<string, string>();

    private static void CheckName(ref Problems problems, string field, string value, int maxLength, SearchValues<char> allowed, string alphabet)
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

    private static string? Optional(ref Problems problems, string field, string value, int maxLength)
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

    /// <summary>user_id, account_id, entity_id, session_id: pseudonymous, so an e-mail or IP address is refused.</summary>
    private static string? Identifier(ref Problems problems, string field, string value)
    {
        var id = Optional(ref problems, field, value, EventLimits.MaxIdLength);
        if (id is not null && PersonalDataScanner.FirstKind(id, PrivacyRules.IdentifierKinds) is var kind and not PersonalDataKind.None)
        {
            problems.Add(field, $"must be pseudonymous: it looks like personal data ({kind.Name()})", PrivacyRules.ReasonFor(kind));
            return null;
        }
        return id;
    }

    /// <summary>entity_type, status, provider, service_code: personal data is masked or refused per policy.</summary>
    private static string? Code(ref Problems problems, string field, string value, PrivacyMode privacy)
    {
        var code = Optional(ref problems, field, value, EventLimits.MaxCodeLength);
        return code is null ? null : Screen(ref problems, field, code, privacy, propertyKey: null);
    }

    /// <returns>The value, masked if needed; null when refused.</returns>
    private static string? Screen(ref Problems problems, string field, string value, PrivacyMode privacy, string? propertyKey)
    {
        if (PersonalDataScanner.Scan(value) is not { } matches)
        {
            return value;
        }
        if (privacy == PrivacyMode.Reject)
        {
            var what = propertyKey is null ? "it" : $"the value of '{propertyKey}'";
            problems.Add(field, $"{what} looks like personal data ({matches[0].Kind.Name()}), which this tenant's privacy policy refuses", PrivacyRules.ReasonFor(matches[0].Kind));
            return null;
        }
        var redactionField = propertyKey is null ? field : "properties." + propertyKey;
        foreach (var m in matches)
        {
            problems.Redacted(redactionField, m.Kind);
        }
        return PersonalDataScanner.Redact(value, matches);
    }

    private IReadOnlyDictionary<string, string> CheckProperties(ref Problems problems, MapField<string, string> properties, PrivacyMode privacy)
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
            if (PersonalDataScanner.Scan(key) is { } keyMatches)
            {
                // The key itself is never echoed back. Masked keys could collide, so the entry goes.
                var kind = keyMatches[0].Kind;
                if (privacy == PrivacyMode.Reject)
                {
                    problems.Add("properties", $"a key looks like personal data ({kind.Name()}), which this tenant's privacy policy refuses", PrivacyRules.ReasonFor(kind));
                    return EmptyProperties;
                }
                screened ??= new Dictionary<string, string>(properties, StringComparer.Ordinal);
                screened.Remove(key);
                problems.Redacted("properties", kind);
                continue;
            }
            var clean = Screen(ref problems, "properties", value, privacy, key);
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
