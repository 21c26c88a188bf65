namespace Suite.Metrics.Domain;

/// <summary>
/// Which rolled-up events a KPI counts: a domain and a type (null meaning "any"), optionally narrowed to rollup
/// dimension values, e.g. auth/LOGIN with status "mfa" or quotes/QUOTE_REQUESTED with service_code "portal".
/// </summary>
/// <param name="Where">Rollup dimension column (a key of <see cref="KpiDefinition.DimensionColumns"/>' values) → required value.</param>
public sealed record EventSelector(string? Domain, string? Type, IReadOnlyDictionary<string, string>? Where = null)
{
    public static readonly EventSelector Any = new(null, null);

    /// <summary>In a numerator: these events are subtracted instead of added (NPS: promoters − detractors).</summary>
    public bool Subtract { get; init; }

    /// <summary>The same events restricted to one dimension value (column names as in the rollup tables).</summary>
    public EventSelector With(string column, string value) =>
        this with { Where = new Dictionary<string, string>(Where ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [column] = value } };

    public bool Matches(string domain, string type) =>
        (Domain is null || Domain == domain) && (Type is null || Type == type);

    /// <summary>Narrows by the query's filters; null when the filters exclude everything this selector matches.</summary>
    public EventSelector? Narrow(string? domain, string? type)
    {
        if ((domain is not null && Domain is not null && domain != Domain) || (type is not null && Type is not null && type != Type))
        {
            return null;
        }
        return this with { Domain = Domain ?? domain, Type = Type ?? type };
    }

    public override string ToString() =>
        $"{Domain ?? "*"}/{Type ?? "*"}" + (Where is { Count: > 0 } ? "[" + string.Join(",", Where.Select(w => $"{w.Key}={w.Value}")) + "]" : "");
}
