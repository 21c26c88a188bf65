namespace Suite.Ingestion.Domain.Privacy;

/// <summary>The kinds of personal data ingestion looks for. The lower-case name is the metric label and stats key.</summary>
[Flags]
public enum PersonalDataKind
{
    None = 0,
    Email = 1,
    Phone = 2,
    Card = 4,
    IpAddress = 8,
    All = Email | Phone | Card | IpAddress,
}

public static class PersonalDataKindNames
{
    public static string Name(this PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Email => "email",
        PersonalDataKind.Phone => "phone",
        PersonalDataKind.Card => "card",
        PersonalDataKind.IpAddress => "ip",
        _ => "unknown",
    };
}

/// <summary>Where personal data was found in a text: [Start, Start + Length).</summary>
public readonly record struct PersonalDataMatch(int Start, int Length, PersonalDataKind Kind)
{
    public int End => Start + Length;
}
