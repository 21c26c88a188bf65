namespace Suite.Ingestion.Domain.Privacy;

/// <summary>
/// Applies <see cref="PrivacyRules"/> to one already well-formed value: identifiers holding an e-mail or IP address
/// are refused; text (code fields, property values) is masked or refused per the tenant's mode; a property key that
/// is personal data drops its entry or refuses the event. Never echoes the personal data in a reason.
/// </summary>
internal static class PrivacyScreen
{
    public enum KeyVerdict
    {
        Keep,
        Drop,
        Refused,
    }

    /// <returns>The identifier, or null when refused.</returns>
    public static string? Identifier(ref ValidationProblems problems, string field, string id)
    {
        var kind = PersonalDataScanner.FirstKind(id, PrivacyRules.IdentifierKinds);
        if (kind == PersonalDataKind.None)
        {
            return id;
        }
        problems.Add(field, $"must be pseudonymous: it looks like personal data ({kind.Name()})", PrivacyRules.ReasonFor(kind));
        return null;
    }

    /// <param name="propertyKey">For a property value: its key (named in reasons and redactions).</param>
    /// <returns>The value, masked if needed (the same instance when clean); null when refused.</returns>
    public static string? Text(ref ValidationProblems problems, string field, string value, PrivacyMode privacy, string? propertyKey)
    {
        if (PersonalDataScanner.Scan(value, PrivacyRules.TextKinds) is not { } matches)
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

    /// <summary>A property key: masked keys could collide, so a personal-data key drops its entry (or refuses).</summary>
    public static KeyVerdict Key(ref ValidationProblems problems, string key, PrivacyMode privacy)
    {
        if (PersonalDataScanner.Scan(key, PrivacyRules.TextKinds) is not { } matches)
        {
            return KeyVerdict.Keep;
        }
        var kind = matches[0].Kind;
        if (privacy == PrivacyMode.Reject)
        {
            problems.Add("properties", $"a key looks like personal data ({kind.Name()}), which this tenant's privacy policy refuses", PrivacyRules.ReasonFor(kind));
            return KeyVerdict.Refused;
        }
        problems.Redacted("properties", kind);
        return KeyVerdict.Drop;
    }
}
