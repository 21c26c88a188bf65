using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Domain;

public class EventValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly EventValidator Validator = new(IngestionPolicy.Default);

    internal static Event ValidEvent() => new()
    {
        EventId = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b",
        Domain = "auth",
        Type = "LOGIN",
        OccurredAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(-5)),
    };

    private static Timestamp At(TimeSpan offsetFromNow) => Timestamp.FromDateTimeOffset(Now + offsetFromNow);

    private static Dictionary<string, string> Properties(int count, int valueLength = 1) =>
        Enumerable.Range(0, count).ToDictionary(i => $"k{i}", _ => new string('v', valueLength));

    /// <summary>Each case breaks exactly one rule of an otherwise valid event; the value is the expected field.</summary>
    private static readonly Dictionary<string, (Action<Event> Break, string Field)> Rejections = new()
    {
        ["event_id missing"] = (e => e.EventId = "", "event_id"),
        ["event_id not a uuid"] = (e => e.EventId = "not-a-uuid", "event_id"),
        ["event_id in braces"] = (e => e.EventId = "{6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b}", "event_id"),
        ["event_id without hyphens"] = (e => e.EventId = "6f1c2a9e3b4d4e5f8a7b1c2d3e4f5a6b", "event_id"),
        ["event_id nil uuid"] = (e => e.EventId = Guid.Empty.ToString(), "event_id"),
        ["domain missing"] = (e => e.Domain = "", "domain"),
        ["domain upper case"] = (e => e.Domain = "Auth", "domain"),
        ["domain with space"] = (e => e.Domain = "au th", "domain"),
        ["domain starting with dot"] = (e => e.Domain = ".auth", "domain"),
        ["domain too long"] = (e => e.Domain = new string('a', EventLimits.MaxDomainLength + 1), "domain"),
        ["type missing"] = (e => e.Type = "", "type"),
        ["type lower case"] = (e => e.Type = "login", "type"),
        ["type with hyphen"] = (e => e.Type = "LOGIN-FAILED", "type"),
        ["type starting with underscore"] = (e => e.Type = "_LOGIN", "type"),
        ["type too long"] = (e => e.Type = new string('A', EventLimits.MaxTypeLength + 1), "type"),
        ["occurred_at missing"] = (e => e.OccurredAt = null, "occurred_at"),
        ["occurred_at invalid nanos"] = (e => e.OccurredAt = new Timestamp { Seconds = 1_750_000_000, Nanos = -1 }, "occurred_at"),
        ["occurred_at beyond year 9999"] = (e => e.OccurredAt = new Timestamp { Seconds = 253402300800 }, "occurred_at"),
        ["occurred_at 61 min in the future"] = (e => e.OccurredAt = At(TimeSpan.FromMinutes(61)), "occurred_at"),
        ["occurred_at older than retention"] = (e => e.OccurredAt = At(-TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1)), "occurred_at"),
        ["occurred_at in the future after skew correction"] = (e =>
        {
            // The client clock is 40 min slow, so its "30 min ahead" is really 70 min ahead.
            e.OccurredAt = At(TimeSpan.FromMinutes(30));
            e.SentAt = At(TimeSpan.FromMinutes(-40));
        }, "occurred_at"),
        ["occurred_at too old after skew correction"] = (e =>
        {
            // The client clock is 10 days fast: its "85 days ago" is really 95 days ago.
            e.OccurredAt = At(TimeSpan.FromDays(-85));
            e.SentAt = At(TimeSpan.FromDays(10));
        }, "occurred_at"),
        ["sent_at invalid"] = (e => e.SentAt = new Timestamp { Seconds = 0, Nanos = 1_000_000_000 }, "sent_at"),
        ["user_id too long"] = (e => e.UserId = new string('u', EventLimits.MaxIdLength + 1), "user_id"),
        ["user_id with control character"] = (e => e.UserId = "u\u0001", "user_id"),
        ["account_id too long"] = (e => e.AccountId = new string('a', EventLimits.MaxIdLength + 1), "account_id"),
        ["entity_type too long"] = (e => e.EntityType = new string('t', EventLimits.MaxCodeLength + 1), "entity_type"),
        ["entity_id with NUL"] = (e => e.EntityId = "e\0", "entity_id"),
        ["status too long"] = (e => e.Status = new string('s', EventLimits.MaxCodeLength + 1), "status"),
        ["provider too long"] = (e => e.Provider = new string('p', EventLimits.MaxCodeLength + 1), "provider"),
        ["service_code with lone surrogate"] = (e => e.ServiceCode = "x\ud800", "service_code"),
        ["country_code three letters"] = (e => e.CountryCode = "DEU", "country_code"),
        ["country_code with digit"] = (e => e.CountryCode = "D1", "country_code"),
        ["amount without currency"] = (e => e.AmountMinor = 1999, "currency"),
        ["currency four letters"] = (e => { e.AmountMinor = 1999; e.Currency = "EURO"; }, "currency"),
        ["currency with digit"] = (e => { e.AmountMinor = 1999; e.Currency = "E1R"; }, "currency"),
        ["currency invalid without amount"] = (e => e.Currency = "EU", "currency"),
        ["negative duration"] = (e => e.DurationMs = -1, "duration_ms"),
        ["session_id too long"] = (e => e.SessionId = new string('s', EventLimits.MaxIdLength + 1), "session_id"),
        ["too many properties"] = (e => e.Properties.Add(Properties(EventLimits.MaxProperties + 1)), "properties"),
        ["property key empty"] = (e => e.Properties.Add("", "v"), "properties"),
        ["property key too long"] = (e => e.Properties.Add(new string('k', EventLimits.MaxPropertyKeyLength + 1), "v"), "properties"),
        ["property key with control character"] = (e => e.Properties.Add("k\n", "v"), "properties"),
        ["property value too long"] = (e => e.Properties.Add("k", new string('v', EventLimits.MaxPropertyValueLength + 1)), "properties"),
        ["property value with NUL"] = (e => e.Properties.Add("k", "a\0b"), "properties"),
        ["negative schema_version"] = (e => e.SchemaVersion = -1, "schema_version"),
    };

    public static TheoryData<string> RejectionCases => new(Rejections.Keys);

    [Theory]
    [MemberData(nameof(RejectionCases))]
    public void Rejects_an_event_that_breaks_one_rule_with_that_field(string rule)
    {
        var (breakIt, field) = Rejections[rule];
        var e = ValidEvent();
        breakIt(e);

        var result = Validator.Validate(e, Now);

        Assert.False(result.IsValid);
        Assert.Null(result.Event);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }

    /// <summary>Edge values that are still valid.</summary>
    private static readonly Dictionary<string, Action<Event>> Acceptances = new()
    {
        ["minimal event"] = _ => { },
        ["upper-case uuid"] = e => e.EventId = "6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B",
        ["domain with digits dot underscore hyphen"] = e => e.Domain = "billing_v2.eu-west",
        ["domain at max length"] = e => e.Domain = new string('a', EventLimits.MaxDomainLength),
        ["type with digits and underscores"] = e => e.Type = "STEP_2_DONE",
        ["type starting with digit"] = e => e.Type = "2FA_PASSED",
        ["type at max length"] = e => e.Type = new string('A', EventLimits.MaxTypeLength),
        ["occurred_at exactly max future"] = e => e.OccurredAt = At(TimeSpan.FromHours(1)),
        ["occurred_at exactly at retention"] = e => e.OccurredAt = At(TimeSpan.FromDays(-90)),
        ["fast client clock corrected into range"] = e =>
        {
            e.OccurredAt = At(TimeSpan.FromHours(2));
            e.SentAt = At(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        },
        ["slow client clock corrected into range"] = e =>
        {
            e.OccurredAt = At(TimeSpan.FromDays(-100));
            e.SentAt = At(TimeSpan.FromDays(-20));
        },
        ["all optional strings at max length"] = e =>
        {
            e.UserId = new string('u', EventLimits.MaxIdLength);
            e.AccountId = new string('a', EventLimits.MaxIdLength);
            e.EntityType = new string('t', EventLimits.MaxCodeLength);
            e.EntityId = new string('e', EventLimits.MaxIdLength);
            e.Status = new string('s', EventLimits.MaxCodeLength);
            e.Provider = new string('p', EventLimits.MaxCodeLength);
            e.ServiceCode = new string('c', EventLimits.MaxCodeLength);
            e.SessionId = new string('x', EventLimits.MaxIdLength);
        },
        ["non-ASCII text and emoji"] = e => { e.UserId = "jürgen-😀"; e.Properties.Add("note", "Grüße 😀"); },
        ["lower-case country code"] = e => e.CountryCode = "de",
        ["negative amount (refund) with currency"] = e => { e.AmountMinor = -500; e.Currency = "eur"; },
        ["zero amount"] = e => { e.AmountMinor = 0; e.Currency = "JPY"; },
        ["currency without amount"] = e => e.Currency = "USD",
        ["zero duration"] = e => e.DurationMs = 0,
        ["max properties at max sizes"] = e => e.Properties.Add(Properties(EventLimits.MaxProperties, EventLimits.MaxPropertyValueLength)),
        ["property value with new lines"] = e => e.Properties.Add("text", "line 1\nline 2\ttab"),
        ["schema_version set"] = e => e.SchemaVersion = 3,
    };

    public static TheoryData<string> AcceptanceCases => new(Acceptances.Keys);

    [Theory]
    [MemberData(nameof(AcceptanceCases))]
    public void Accepts_valid_edge_cases(string rule)
    {
        var e = ValidEvent();
        Acceptances[rule](e);

        var result = Validator.Validate(e, Now);

        Assert.Empty(result.Violations);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Normalises_codes_ids_and_empty_strings()
    {
        var e = ValidEvent();
        e.EventId = "6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B";
        e.CountryCode = "de";
        e.AmountMinor = 1999;
        e.Currency = "eur";
        e.DurationMs = 250;
        e.Properties.Add("plan", "pro");

        var v = Validator.Validate(e, Now).Event!;

        Assert.Equal(Guid.Parse("6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b"), v.EventId);
        Assert.Equal("DE", v.CountryCode);
        Assert.Equal("EUR", v.Currency);
        Assert.Equal(1999, v.AmountMinor);
        Assert.Equal(250, v.DurationMs);
        Assert.Null(v.UserId);
        Assert.Null(v.SessionId);
        Assert.Null(v.SentAt);
        Assert.Equal(Now, v.ReceivedAt);
        Assert.Equal(Now.AddMinutes(-5), v.OccurredAt);
        Assert.Equal(v.OccurredAt, v.ClientOccurredAt);
        Assert.Equal("pro", v.Properties["plan"]);
    }

    [Fact]
    public void Times_are_truncated_to_the_microseconds_postgres_keeps()
    {
        var e = ValidEvent();
        e.OccurredAt = new Timestamp { Seconds = Now.AddMinutes(-1).ToUnixTimeSeconds(), Nanos = 123_456_789 };
        e.SentAt = new Timestamp { Seconds = Now.ToUnixTimeSeconds(), Nanos = 999 };

        var v = Validator.Validate(e, Now.AddTicks(7)).Event!;

        Assert.Equal(Now.AddMinutes(-1).AddTicks(1_234_560), v.ClientOccurredAt);
        Assert.Equal(Now, v.SentAt);
        Assert.Equal(Now, v.ReceivedAt);
        Assert.Equal(0, v.OccurredAt.UtcTicks % 10);
    }

    [Fact]
    public void Absent_optional_numbers_stay_null()
    {
        var v = Validator.Validate(ValidEvent(), Now).Event!;
        Assert.Null(v.AmountMinor);
        Assert.Null(v.DurationMs);
        Assert.Null(v.Currency);
        Assert.Null(v.CountryCode);
        Assert.Empty(v.Properties);
    }

    [Fact]
    public void Stores_the_skew_corrected_time_and_keeps_the_client_time()
    {
        var e = ValidEvent();
        e.OccurredAt = At(TimeSpan.FromMinutes(-10));
        e.SentAt = At(TimeSpan.FromMinutes(-3)); // the client clock is 3 min slow

        var v = Validator.Validate(e, Now).Event!;

        Assert.Equal(Now.AddMinutes(-7), v.OccurredAt);
        Assert.Equal(Now.AddMinutes(-10), v.ClientOccurredAt);
        Assert.Equal(Now.AddMinutes(-3), v.SentAt);
    }

    [Fact]
    public void Reports_every_violation_in_field_order()
    {
        var e = new Event { EventId = "x", Domain = "", Type = "bad", CountryCode = "X", DurationMs = -5 };

        var result = Validator.Validate(e, Now);

        Assert.Equal(["event_id", "domain", "type", "occurred_at", "country_code", "duration_ms"], result.Violations.Select(v => v.Field));
    }

    [Theory]
    [InlineData(30, 59, true)]
    [InlineData(30, 61, false)]
    [InlineData(1, 60, true)]
    [InlineData(1, 1, true)]
    public void Retention_and_future_window_come_from_the_policy(int retentionDays, int ageOrFutureMinutes, bool accepted)
    {
        var validator = new EventValidator(new IngestionPolicy(TimeSpan.FromDays(retentionDays), TimeSpan.FromMinutes(60)));
        var e = ValidEvent();
        e.OccurredAt = At(TimeSpan.FromMinutes(ageOrFutureMinutes));
        var old = ValidEvent();
        old.OccurredAt = At(TimeSpan.FromDays(-retentionDays) + TimeSpan.FromMinutes(1));
        var tooOld = ValidEvent();
        tooOld.OccurredAt = At(TimeSpan.FromDays(-retentionDays) - TimeSpan.FromMinutes(1));

        Assert.Equal(accepted, validator.Validate(e, Now).IsValid);
        Assert.True(validator.Validate(old, Now).IsValid);
        Assert.False(validator.Validate(tooOld, Now).IsValid);
    }
}
