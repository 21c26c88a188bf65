using System.Text.RegularExpressions;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Domain;

public sealed record CustomKpiValidation(KpiDefinition? Kpi, IReadOnlyList<FieldViolation> Violations);

/// <summary>
/// Pure validation of a tenant's own KPI (CreateKpi) into a <see cref="KpiDefinition"/>; violations name proto fields.
/// The stored request is validated again when loaded, so a definition that no longer fits the rules fails loudly.
/// </summary>
public static partial class CustomKpiValidator
{
    public const int MaxSelectors = 10;
    public const int MaxDescriptionLength = 500;
    private const int MaxValueLength = 64;

    /// <summary>Dimension filter names (= the selector's where keys) a custom KPI may accept.</summary>
    private static readonly string[] DimensionNames = [.. KpiDefinition.DimensionColumns.Keys];

    [GeneratedRegex("^[a-z][a-z0-9_]{2,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex TokenPattern();

    public static CustomKpiValidation Validate(CreateKpiRequest request)
    {
        var violations = new List<FieldViolation>();
        void Fail(string field, string description) => violations.Add(new FieldViolation(field, description));

        if (!NamePattern().IsMatch(request.Name))
        {
            Fail("name", "must be 3-63 characters: a lower-case letter, then lower-case letters, digits or '_'");
        }
        else if (KpiCatalog.Find(request.Name) is not null)
        {
            Fail("name", $"'{request.Name}' is a built-in KPI");
        }
        if (request.Description.Length > MaxDescriptionLength)
        {
            Fail("description", $"at most {MaxDescriptionLength} characters");
        }

        var numerator = Selectors(Fail, "numerator", request.Numerator);
        var denominator = Selectors(Fail, "denominator", request.Denominator);
        if (request.Numerator.Count == 0)
        {
            Fail("numerator", "at least one selector is required");
        }
        var ratio = request.Kind == "ratio";
        if (ratio && request.Denominator.Count == 0)
        {
            Fail("denominator", "a ratio needs at least one selector");
        }
        else if (!ratio && request.Denominator.Count > 0)
        {
            Fail("denominator", "only a ratio has a denominator");
        }
        if (request.Kind is not ("average" or "sum") && request.Measure.Length > 0)
        {
            Fail("measure", "only an average or a sum has a measure");
        }
        if (request.Kind != "percentile" && request.Quantile != 0)
        {
            Fail("quantile", "only a percentile has a quantile");
        }
        foreach (var filter in request.Filters.GroupBy(f => f))
        {
            if (!DimensionNames.Contains(filter.Key))
            {
                Fail("filters", $"'{KpiDefinition.Shorten(filter.Key)}' is not a filter; use {string.Join(", ", DimensionNames)}");
            }
            else if (filter.Count() > 1)
            {
                Fail("filters", $"'{filter.Key}' is listed twice");
            }
        }

        KpiDefinition? kpi = null;
        var description = request.Description.Length > 0 ? request.Description : Describe(request);
        var filters = request.Filters.Distinct().ToArray();
        switch (request.Kind)
        {
            case "count":
                kpi = new KpiDefinition(request.Name, description, KpiUnit.Count, numerator, [], filters);
                break;
            case "sum":
                (Measure Sum, string Unit)? summed = request.Measure switch
                {
                    "amount" => (Measure.AmountSum, "amount_minor"),
                    "duration" => (Measure.DurationSum, "ms"),
                    _ => null,
                };
                if (summed is not { } sum)
                {
                    Fail("measure", "a sum needs \"amount\" or \"duration\"");
                    break;
                }
                kpi = new KpiDefinition(request.Name, description, KpiUnit.Count, numerator, [], filters) { NumeratorMeasure = sum.Sum, UnitLabel = sum.Unit };
                break;
            case "ratio":
                kpi = new KpiDefinition(request.Name, description, KpiUnit.Ratio, numerator, denominator, filters);
                break;
            case "average":
                (Measure Sum, Measure Count, string Unit)? measure = request.Measure switch
                {
                    "amount" => (Measure.AmountSum, Measure.Count, "amount_minor"),
                    "duration" => (Measure.DurationSum, Measure.DurationCount, "ms"),
                    _ => null,
                };
                if (measure is not { } m)
                {
                    Fail("measure", "an average needs \"amount\" or \"duration\"");
                    break;
                }
                kpi = KpiDefinition.Average(request.Name, description, m.Unit, [.. numerator], m.Sum, m.Count, filters);
                break;
            case "percentile":
                if (request.Quantile is not (> 0 and < 1))
                {
                    Fail("quantile", "must be between 0 and 1 (exclusive), e.g. 0.95");
                    break;
                }
                kpi = KpiDefinition.Percentile(request.Name, description, request.Quantile, [.. numerator], filters);
                break;
            default:
                Fail("kind", "must be \"count\", \"sum\", \"ratio\", \"average\" or \"percentile\"");
                break;
        }
        return violations.Count > 0 ? new CustomKpiValidation(null, violations) : new CustomKpiValidation(kpi, []);
    }

    private static List<EventSelector> Selectors(Action<string, string> fail, string field, IReadOnlyList<KpiSelector> selectors)
    {
        if (selectors.Count > MaxSelectors)
        {
            fail(field, $"at most {MaxSelectors} selectors");
        }
        var result = new List<EventSelector>();
        for (var i = 0; i < selectors.Count; i++)
        {
            var s = selectors[i];
            var path = $"{field}[{i}]";
            if (s.Domain.Length > 0 && !TokenPattern().IsMatch(s.Domain))
            {
                fail($"{path}.domain", "1-64 characters: letters, digits, '_', '.', ':' or '-'");
            }
            if (s.Type.Length > 0 && !TokenPattern().IsMatch(s.Type))
            {
                fail($"{path}.type", "1-64 characters: letters, digits, '_', '.', ':' or '-'");
            }
            if (s.Domain.Length == 0 && s.Type.Length == 0 && s.Where.Count == 0)
            {
                fail(path, "selects every event: give a domain, a type or a where condition");
            }
            var where = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in s.Where)
            {
                if (!KpiDefinition.DimensionColumns.TryGetValue(key, out var column))
                {
                    fail($"{path}.where", $"'{KpiDefinition.Shorten(key)}' is not a dimension; use {string.Join(", ", DimensionNames)}");
                }
                else if (value.Length is 0 or > MaxValueLength)
                {
                    fail($"{path}.where", $"'{key}': the value must be 1-{MaxValueLength} characters");
                }
                else
                {
                    where[column] = value;
                }
            }
            result.Add(new EventSelector(s.Domain.Length > 0 ? s.Domain : null, s.Type.Length > 0 ? s.Type : null, where.Count > 0 ? where : null));
        }
        return result;
    }

    private static string Describe(CreateKpiRequest r) =>
        $"{r.Kind} of {string.Join(" + ", r.Numerator.Select(Describe))}" +
        (r.Denominator.Count > 0 ? $" / {string.Join(" + ", r.Denominator.Select(Describe))}" : "");

    private static string Describe(KpiSelector s) =>
        $"{(s.Domain.Length > 0 ? s.Domain : "*")}/{(s.Type.Length > 0 ? s.Type : "*")}" +
        (s.Where.Count > 0 ? "[" + string.Join(",", s.Where.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}")) + "]" : "");
}
