using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Tests.Domain;

public class PrivacyValidationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly EventValidator Validator = new(IngestionPolicy.Default);

    private static Event With(Action<Event> change)
    {
        var e = EventValidatorTests.ValidEvent();
        change(e);
        return e;
    }

    /// <summary>Identifiers must be pseudonymous: an e-mail or IP address is refused whatever the tenant's policy.</summary>
    [Theory]
    [InlineData("user_id", "jane@example.com", "pii_email")]
    [InlineData("user_id", "10.0.0.7", "pii_ip")]
    [InlineData("user_id", "2001:db8::7", "pii_ip")]
    [InlineData("account_id", "billing@acme.example", "pii_email")]
    [InlineData("entity_id", "jane@example.com", "pii_email")]
    [InlineData("session_id", "s-192.168.1.20", "pii_ip")]
    public void Identifiers_holding_personal_data_are_rejected_in_both_modes(string field, string value, string reason)
    {
        foreach (var mode in new[] { PrivacyMode.Redact, PrivacyMode.Reject })
        {
            var e = With(x => Set(x, field, value));

            var result = Validator.Validate(e, Now, mode);

            Assert.False(result.IsValid);
            Assert.Equal(field, Assert.Single(result.Violations).Field);
            Assert.Equal(reason, result.Code);
            Assert.DoesNotContain(value, result.Violations[0].Description);   // never echoed back
        }
    }

    /// <summary>Numeric and opaque ids stay valid: phone and card shapes are not looked for in identifiers.</summary>
    [Theory]
    [InlineData("user_id", "01701234567")]
    [InlineData("user_id", "4111111111111111")]
    [InlineData("account_id", "+49-customer")]
    [InlineData("session_id", "2001-db8-1")]
    [InlineData("entity_id", "u-4711")]
    public void Opaque_identifiers_are_accepted(string field, string value)
    {
        var result = Validator.Validate(With(x => Set(x, field, value)), Now, PrivacyMode.Reject);
        Assert.True(result.IsValid, string.Join("; ", result.Violations.Select(v => v.Description)));
    }

    /// <summary>Code fields and property values: masked (redact) or refused (reject), counted by kind.</summary>
    [Theory]
    [InlineData("status", "mailed jane@example.com", "mailed [redacted:email]", "status:email")]
    [InlineData("provider", "+49 170 1234567", "[redacted:phone]", "provider:phone")]
    [InlineData("service_code", "4111111111111111", "[redacted:card]", "service_code:card")]
    [InlineData("entity_type", "10.1.2.3", "[redacted:ip]", "entity_type:ip")]
    [InlineData("properties.note", "call +1 (555) 123-4567 or jane@example.com", "call [redacted:phone] or [redacted:email]", "properties.note:phone,properties.note:email")]
    [InlineData("properties.ip", "2001:db8::1", "[redacted:ip]", "properties.ip:ip")]
    public void Personal_data_in_text_is_redacted_or_rejected(string field, string value, string redacted, string redactions)
    {
        var e = With(x => Set(x, field, value));

        var masked = Validator.Validate(e, Now, PrivacyMode.Redact);
        Assert.True(masked.IsValid);
        Assert.Equal(redacted, Read(masked.Event!, field));
        Assert.Equal(redactions, string.Join(",", masked.Redactions.Select(r => r.ToString())));

        var refused = Validator.Validate(e, Now, PrivacyMode.Reject);
        Assert.False(refused.IsValid);
        Assert.Equal(field.StartsWith("properties.", StringComparison.Ordinal) ? "properties" : field, Assert.Single(refused.Violations).Field);
        Assert.Equal(PrivacyRules.ReasonFor(masked.Redactions[0].Kind), refused.Code);
        Assert.DoesNotContain(value, refused.Violations[0].Description);
    }

    [Fact]
    public void A_property_key_that_is_personal_data_drops_its_entry_or_rejects_the_event()
    {
        var e = With(x =>
        {
            x.Properties.Add("jane@example.com", "subscribed");
            x.Properties.Add("plan", "pro");
        });

        var masked = Validator.Validate(e, Now, PrivacyMode.Redact);
        Assert.True(masked.IsValid);
        Assert.Equal(["plan"], masked.Event!.Properties.Keys);
        Assert.Equal("properties:email", Assert.Single(masked.Redactions).ToString());

        var refused = Validator.Validate(e, Now, PrivacyMode.Reject);
        Assert.False(refused.IsValid);
        Assert.Equal("pii_email", refused.Code);
        Assert.DoesNotContain("jane@example.com", refused.Violations[0].Description);
    }

    [Fact]
    public void Clean_properties_are_stored_as_sent_without_a_copy()
    {
        var e = With(x => x.Properties.Add("note", "invoice 4711 from 2025-03-14, version 10.0.401"));

        var result = Validator.Validate(e, Now, PrivacyMode.Reject);

        Assert.True(result.IsValid);
        Assert.Empty(result.Redactions);
        Assert.Same(e.Properties, result.Event!.Properties);
    }

    private static void Set(Event e, string field, string value)
    {
        switch (field)
        {
            case "user_id": e.UserId = value; break;
            case "account_id": e.AccountId = value; break;
            case "entity_id": e.EntityId = value; break;
            case "session_id": e.SessionId = value; break;
            case "status": e.Status = value; break;
            case "provider": e.Provider = value; break;
            case "service_code": e.ServiceCode = value; break;
            case "entity_type": e.EntityType = value; break;
            default: e.Properties[field["properties.".Length..]] = value; break;
        }
    }

    private static string? Read(ValidatedEvent e, string field) => field switch
    {
        "status" => e.Status,
        "provider" => e.Provider,
        "service_code" => e.ServiceCode,
        "entity_type" => e.EntityType,
        _ => e.Properties[field["properties.".Length..]],
    };
}
