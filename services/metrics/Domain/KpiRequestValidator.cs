using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Domain;

public sealed record KpiQueryValidation(KpiQuery? Query, IReadOnlyList<FieldViolation> Violations);

/// <summary>Pure validation of GetKpiSeries requests against the catalog; violations name proto fields.</summary>
public static class KpiRequestValidator
{
    /// <summary>More points than this make a useless chart and a heavy query: ask for a coarser granularity.</summary>
    public const int MaxPoints = 10_000;
    public const KpiGranularity DefaultGranularity = KpiGranularity.Hour;
    private const int MaxFilterValueLength = 64;

    /// <param name="custom">The tenant's own KPI of that name, if it has one (built-in names win).</param>
    public static KpiQueryValidation Validate(GetKpiSeriesRequest request, KpiDefinition? custom = null)
    {
        var violations = new List<FieldViolation>();
        void Fail(string field, string description) => violations.Add(new FieldViolation(field, description));

        var kpi = string.IsNullOrEmpty(request.Kpi) ? null : KpiCatalog.Find(request.Kpi) ?? (custom?.Name == request.Kpi ? custom : null);
        if (kpi is null)
        {
            Fail("kpi", string.IsNullOrEmpty(request.Kpi)
                ? "is required"
                : $"unknown KPI '{KpiDefinition.Shorten(request.Kpi)}': ListKpis names the built-in ones and the tenant's own");
        }

        var from = Instant(Fail, "from", request.From);
        var to = Instant(Fail, "to", request.To);
        if (from is not null && to is not null && from >= to)
        {
            Fail("to", "must be after from");
        }

        KpiGranularity? granularity = request.Granularity switch
        {
            Granularity.Unspecified => kpi?.Users is null ? DefaultGranularity : KpiGranularity.Day,
            Granularity.Minute => KpiGranularity.Minute,
            Granularity.Hour => KpiGranularity.Hour,
            Granularity.Day => KpiGranularity.Day,
            _ => null,
        };
        if (granularity is null)
        {
            Fail("granularity", "must be GRANULARITY_MINUTE, GRANULARITY_HOUR or GRANULARITY_DAY");
        }
        else if (kpi?.Users is not null && granularity != KpiGranularity.Day)
        {
            Fail("granularity", $"{kpi.Name} counts distinct users per UTC day: use GRANULARITY_DAY");
        }
        else if (from < to && granularity.Value.BucketCount(from.Value, to.Value) is var points && points > MaxPoints)
        {
            Fail("granularity", $"the range spans {points} {granularity.Value.SqlUnit()} buckets, at most {MaxPoints} are allowed: use a coarser granularity or a shorter range");
        }

        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Filters)
        {
            if (kpi is not null && !kpi.Filters.Contains(key))
            {
                Fail("filters", kpi.Filters.Count == 0
                    ? $"'{KpiDefinition.Shorten(key)}': {kpi.Name} takes no filters"
                    : $"'{KpiDefinition.Shorten(key)}': {kpi.Name} accepts only the filters {string.Join(", ", kpi.Filters)}");
            }
            else if (value.Length is 0 or > MaxFilterValueLength)
            {
                Fail("filters", $"'{KpiDefinition.Shorten(key)}': the value must be 1-{MaxFilterValueLength} characters");
            }
            else
            {
                filters[key] = value;
            }
        }

        if (violations.Count > 0)
        {
            return new KpiQueryValidation(null, violations);
        }
        var (numerator, denominator) = kpi!.Resolve(filters);
        return new KpiQueryValidation(
            new KpiQuery(kpi, from!.Value, to!.Value, granularity!.Value, numerator, denominator, KpiDefinition.Dimensions(filters)), []);
    }

    internal static DateTimeOffset? Instant(Action<string, string> fail, string field, Timestamp? t)
    {
        if (t is null)
        {
            fail(field, "is required");
            return null;
        }
        if (t.Seconds is < -62135596800 or > 253402300799 || t.Nanos is < 0 or > 999_999_999)
        {
            fail(field, "is not a valid timestamp");
            return null;
        }
        return t.ToDateTimeOffset();
    }
}
