namespace Suite.Metrics.Domain;

public enum KpiUnit
{
    /// <summary>The number of matching events (or of distinct users), or with a sum measure the sum (unit in <see cref="KpiDefinition.UnitLabel"/>).</summary>
    Count,
    /// <summary>Numerator / denominator; no value when the denominator is 0.</summary>
    Ratio,
    /// <summary>A sum / a count (e.g. amount per payment, ms per request), in <see cref="KpiDefinition.UnitLabel"/>; no value when the count is 0.</summary>
    Average,
    /// <summary>A quantile of duration_ms from the rollups' DDSketches (<see cref="DurationSketch"/>), in <see cref="KpiDefinition.UnitLabel"/>; no value when no duration.</summary>
    Percentile,
    /// <summary>100 × (added − subtracted) / denominator, e.g. NPS; no value below <see cref="KpiDefinition.MinDenominator"/>.</summary>
    Score,
}

/// <summary>What a selector adds up over the rolled-up events.</summary>
public enum Measure
{
    Count,
    AmountSum,
    DurationSum,
    DurationCount,
}

/// <summary>
/// Distinct-user KPIs: users active in the <c>NumeratorDays</c> UTC days ending with each day bucket (and, for a ratio,
/// the <c>DenominatorDays</c>, or with <c>DenominatorAllKnown</c> every user seen for the first time by the end of the day);
/// with <c>AccountDensity</c> instead: users known to belong to an account / accounts with a known user, by the end of each day.
/// </summary>
public sealed record ActiveUserWindows(int NumeratorDays, int DenominatorDays, bool DenominatorAllKnown = false, bool AccountDensity = false);

/// <summary>
/// A KPI as data: what to add up for the numerator and (for ratios/averages) the denominator, and which query
/// filters it accepts. domain/type filters narrow every selector (e.g. events_count with domain=auth); dimension
/// filters (country, provider, service_code, status) restrict the rows read.
/// </summary>
public sealed record KpiDefinition(
    string Name,
    string Description,
    KpiUnit Unit,
    IReadOnlyList<EventSelector> Numerator,
    IReadOnlyList<EventSelector> Denominator,
    IReadOnlyList<string> Filters)
{
    /// <summary>No query filters: the KPI as defined (ETL, overview, exports).</summary>
    public static readonly IReadOnlyDictionary<string, string> NoFilters = new Dictionary<string, string>();

    /// <summary>A caller's text cut to 64 characters for an error message.</summary>
    public static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";

    public const string DomainFilter = "domain";
    public const string TypeFilter = "type";
    public const string CountryFilter = "country";
    public const string ProviderFilter = "provider";
    public const string ServiceCodeFilter = "service_code";
    public const string StatusFilter = "status";

    /// <summary>Dimension filters and the rollup column each one restricts.</summary>
    public static readonly IReadOnlyDictionary<string, string> DimensionColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CountryFilter] = "country",
        [ProviderFilter] = "provider",
        [ServiceCodeFilter] = "service_code",
        [StatusFilter] = "status",
    };

    public Measure NumeratorMeasure { get; init; } = Measure.Count;
    public Measure DenominatorMeasure { get; init; } = Measure.Count;
    /// <summary>The unit of an <see cref="KpiUnit.Average"/> KPI, e.g. "amount_minor" or "ms".</summary>
    public string UnitLabel { get; init; } = "";
    /// <summary>Set for distinct-user KPIs, which read daily_users (day granularity only) instead of the rollups.</summary>
    public ActiveUserWindows? Users { get; init; }

    /// <summary>For <see cref="KpiUnit.Percentile"/>: the quantile in [0, 1], e.g. 0.95.</summary>
    public double? Quantile { get; init; }

    /// <summary>Quotients have no value when the denominator is below this (1 = only when it is 0).</summary>
    public long MinDenominator { get; init; } = 1;

    public string UnitName => Unit switch
    {
        KpiUnit.Ratio => "ratio",
        KpiUnit.Score => "score",
        KpiUnit.Average or KpiUnit.Percentile => UnitLabel,
        _ => UnitLabel.Length > 0 ? UnitLabel : "count",   // a sum: its unit
    };

    /// <summary>Ratios and averages have no value when the denominator is 0.</summary>
    public bool IsQuotient => Unit != KpiUnit.Count;

    public static KpiDefinition Count(string name, string description, EventSelector what, params string[] filters) =>
        new(name, description, KpiUnit.Count, [what], [], filters);

    public static KpiDefinition Ratio(string name, string description, EventSelector[] numerator, EventSelector[] denominator, params string[] filters) =>
        new(name, description, KpiUnit.Ratio, numerator, denominator, filters);

    public static KpiDefinition Average(string name, string description, string unit, EventSelector[] what, Measure sum, Measure count, params string[] filters) =>
        new(name, description, KpiUnit.Average, what, what, filters) { NumeratorMeasure = sum, DenominatorMeasure = count, UnitLabel = unit };

    /// <summary>A quantile of duration_ms over the selected events (numerator = how many durations, denominator 0).</summary>
    public static KpiDefinition Percentile(string name, string description, double quantile, EventSelector[] what, params string[] filters) =>
        new(name, description, KpiUnit.Percentile, what, [], filters) { Quantile = quantile, UnitLabel = "ms" };

    /// <summary>
    /// A net score in −100…100: 100 × (promoters − detractors) / responses, with no value for fewer than
    /// <paramref name="minResponses"/> responses (too few to mean anything).
    /// </summary>
    public static KpiDefinition NetScore(string name, string description, EventSelector responses, EventSelector promoters, EventSelector detractors, long minResponses, params string[] filters) =>
        new(name, description, KpiUnit.Score, [promoters, detractors with { Subtract = true }], [responses], filters) { MinDenominator = minResponses };

    /// <summary>The selectors after applying validated domain/type filters.</summary>
    public (IReadOnlyList<EventSelector> Numerator, IReadOnlyList<EventSelector> Denominator) Resolve(IReadOnlyDictionary<string, string> filters)
    {
        filters.TryGetValue(DomainFilter, out var domain);
        filters.TryGetValue(TypeFilter, out var type);
        List<EventSelector> Narrow(IEnumerable<EventSelector> selectors) =>
            selectors.Select(s => s.Narrow(domain, type)).OfType<EventSelector>().ToList();
        return (Narrow(Numerator), Narrow(Denominator));
    }

    /// <summary>The validated dimension filters as rollup column → value.</summary>
    public static IReadOnlyDictionary<string, string> Dimensions(IReadOnlyDictionary<string, string> filters) =>
        filters.Where(f => DimensionColumns.ContainsKey(f.Key)).ToDictionary(f => DimensionColumns[f.Key], f => f.Value, StringComparer.Ordinal);
}
