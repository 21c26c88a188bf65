namespace Suite.Metrics.Domain;

public enum KpiUnit
{
    /// <summary>The number of matching events.</summary>
    Count,
    /// <summary>Numerator events / denominator events; no value when the denominator is 0.</summary>
    Ratio,
}

/// <summary>
/// A KPI as data: what to count for the numerator and (for ratios) the denominator, and which query filters it
/// accepts. Filters narrow every selector (e.g. events_count with domain=auth).
/// </summary>
public sealed record KpiDefinition(
    string Name,
    string Description,
    KpiUnit Unit,
    IReadOnlyList<EventSelector> Numerator,
    IReadOnlyList<EventSelector> Denominator,
    IReadOnlyList<string> Filters)
{
    public const string DomainFilter = "domain";
    public const string TypeFilter = "type";

    public string UnitName => Unit == KpiUnit.Ratio ? "ratio" : "count";

    public static KpiDefinition Count(string name, string description, EventSelector what, params string[] filters) =>
        new(name, description, KpiUnit.Count, [what], [], filters);

    public static KpiDefinition Ratio(string name, string description, EventSelector[] numerator, EventSelector[] denominator) =>
        new(name, description, KpiUnit.Ratio, numerator, denominator, []);

    /// <summary>The selectors after applying validated filters (only "domain" and "type" exist so far).</summary>
    public (IReadOnlyList<EventSelector> Numerator, IReadOnlyList<EventSelector> Denominator) Resolve(IReadOnlyDictionary<string, string> filters)
    {
        filters.TryGetValue(DomainFilter, out var domain);
        filters.TryGetValue(TypeFilter, out var type);
        List<EventSelector> Narrow(IEnumerable<EventSelector> selectors) =>
            selectors.Select(s => s.Narrow(domain, type)).OfType<EventSelector>().ToList();
        return (Narrow(Numerator), Narrow(Denominator));
    }
}
