namespace Suite.Metrics.Domain;

/// <summary>Which rolled-up events a KPI counts: a domain and a type, null meaning "any".</summary>
public sealed record EventSelector(string? Domain, string? Type)
{
    public static readonly EventSelector Any = new(null, null);

    public bool Matches(string domain, string type) =>
        (Domain is null || Domain == domain) && (Type is null || Type == type);

    /// <summary>Narrows by the query's filters; null when the filters exclude everything this selector matches.</summary>
    public EventSelector? Narrow(string? domain, string? type)
    {
        if ((domain is not null && Domain is not null && domain != Domain) || (type is not null && Type is not null && type != Type))
        {
            return null;
        }
        return new EventSelector(Domain ?? domain, Type ?? type);
    }
}
