using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Domain;

public sealed record CohortQuery(CohortPeriod Period, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<int> Offsets, RetentionKind Kind);

/// <summary>Pure validation of GetCohortRetention requests; violations name proto fields.</summary>
public static class CohortRequestValidator
{
    public const int MaxOffsets = 20;
    public const int MaxOffset = 3650;
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(3 * 366);

    public static (CohortQuery? Query, IReadOnlyList<FieldViolation> Violations) Validate(GetCohortRetentionRequest request)
    {
        var violations = new List<FieldViolation>();
        void Fail(string field, string description) => violations.Add(new FieldViolation(field, description));

        CohortPeriod? period = request.CohortGranularity switch
        {
            CohortGranularity.Unspecified or CohortGranularity.Week => CohortPeriod.Week,
            CohortGranularity.Month => CohortPeriod.Month,
            _ => null,
        };
        if (period is null)
        {
            Fail("cohort_granularity", "must be COHORT_GRANULARITY_WEEK or COHORT_GRANULARITY_MONTH");
        }
        RetentionKind? kind = request.Mode switch
        {
            RetentionMode.Unspecified or RetentionMode.NDay => RetentionKind.NDay,
            RetentionMode.Unbounded => RetentionKind.Unbounded,
            _ => null,
        };
        if (kind is null)
        {
            Fail("mode", "must be RETENTION_MODE_N_DAY or RETENTION_MODE_UNBOUNDED");
        }
        var from = KpiRequestValidator.Instant(Fail, "from", request.From);
        var to = KpiRequestValidator.Instant(Fail, "to", request.To);
        if (from is not null && to is not null && from >= to)
        {
            Fail("to", "must be after from");
        }
        else if (to - from > MaxRange)
        {
            Fail("to", $"the range may span at most {MaxRange.TotalDays} days");
        }
        var offsets = request.DayOffsets.ToList();
        if (offsets.Count is 0 or > MaxOffsets)
        {
            Fail("day_offsets", $"1 to {MaxOffsets} offsets are required");
        }
        else if (offsets.Any(o => o is < 0 or > MaxOffset))
        {
            Fail("day_offsets", $"every offset must be between 0 and {MaxOffset} days");
        }
        else if (offsets.Distinct().Count() != offsets.Count)
        {
            Fail("day_offsets", "offsets must be distinct");
        }
        return violations.Count > 0
            ? (null, violations)
            : (new CohortQuery(period!.Value, from!.Value, to!.Value, offsets, kind!.Value), []);
    }
}
