namespace Suite.Ingestion.Domain.Privacy;

/// <summary>What happens to personal data found in property keys/values and code fields (per tenant).</summary>
public enum PrivacyMode
{
    /// <summary>Store the event with the personal data masked ("[redacted:email]"); a personal-data key drops its entry.</summary>
    Redact,

    /// <summary>Reject the event (reason pii_&lt;kind&gt;).</summary>
    Reject,
}

/// <summary>One redaction applied to a stored event: the field (properties.&lt;key&gt;, or properties for a dropped key) and the kind.</summary>
public readonly record struct Redaction(string Field, PersonalDataKind Kind)
{
    public override string ToString() => $"{Field}:{Kind.Name()}";
}

/// <summary>Which fields are checked for personal data, and how.</summary>
public static class PrivacyRules
{
    /// <summary>
    /// user_id, account_id, entity_id, session_id must be pseudonymous: an e-mail or IP address there is always
    /// rejected (masking an identifier would merge different users into one). Phone and card shapes are not looked
    /// for in identifiers, because numeric ids would trip them.
    /// </summary>
    public const PersonalDataKind IdentifierKinds = PersonalDataKind.Email | PersonalDataKind.IpAddress;

    /// <summary>entity_type, status, provider, service_code, property keys and values: every kind, per tenant policy.</summary>
    public const PersonalDataKind TextKinds = PersonalDataKind.All;

    public static string ReasonFor(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Email => "pii_email",
        PersonalDataKind.Phone => "pii_phone",
        PersonalDataKind.Card => "pii_card",
        PersonalDataKind.IpAddress => "pii_ip",
        _ => "pii",
    };
}
