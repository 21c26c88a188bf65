using System.Globalization;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Domain.Reports;

public enum CohortUnit
{
    Week,
    Month,
}

/// <summary>Metrics' retention modes (RetentionMode): N_DAY, its default, or UNBOUNDED.</summary>
public enum RetentionKind
{
    NDay,
    Unbounded,
}

/// <summary>
/// "cohort_retention" parameters: <c>granularity</c> week | month (default month), <c>mode</c> n_day | unbounded
/// (default n_day, metrics' default), <c>cohorts</c> 1–20 (default 12; metrics answers at most 20 day offsets, one per
/// period). Period k is day offset k × 7 (weeks) or k × 30 (months: a month counted as 30 days).
/// </summary>
public sealed record CohortRetentionParameters(CohortUnit Unit, RetentionKind Mode, int Cohorts)
{
    public const int DefaultCohorts = 12;
    public const int MaxCohorts = 20;
    public static readonly IReadOnlyList<string> Names = ["granularity", "mode", "cohorts"];

    public int PeriodDays => Unit == CohortUnit.Week ? 7 : 30;

    /// <summary>The day offsets asked of metrics: periods 0 .. cohorts − 1, so the oldest cohort fills the triangle's first row.</summary>
    public IReadOnlyList<int> DayOffsets => Enumerable.Range(0, Cohorts).Select(k => k * PeriodDays).ToList();

    public string PeriodName => Unit == CohortUnit.Week ? "Week" : "Month";

    /// <summary>The ISO week (Monday) or month containing <paramref name="day"/>, as metrics groups signups.</summary>
    public DateOnly PeriodStart(DateOnly day) => Unit == CohortUnit.Week
        ? day.AddDays(-(((int)day.DayOfWeek + 6) % 7))
        : new DateOnly(day.Year, day.Month, 1);

    /// <summary>
    /// The whole cohorts before the week or month of <paramref name="asOf"/> (the run's local date): a monthly run on
    /// the 1st shows the 12 months before it, the latest just complete.
    /// </summary>
    public (DateOnly From, DateOnly To) Window(DateOnly asOf)
    {
        var to = PeriodStart(asOf);
        return (Unit == CohortUnit.Week ? to.AddDays(-7 * Cohorts) : to.AddMonths(-Cohorts), to);
    }

    public static (CohortRetentionParameters? Parameters, IReadOnlyList<FieldViolation> Violations) Parse(
        IReadOnlyDictionary<string, string> parameters, string prefix = "parameters")
    {
        var violations = new List<FieldViolation>();
        var unit = CohortUnit.Month;
        if (parameters.TryGetValue("granularity", out var g))
        {
            switch (g)
            {
                case "week": unit = CohortUnit.Week; break;
                case "month": unit = CohortUnit.Month; break;
                default: violations.Add(new FieldViolation($"{prefix}[granularity]", $"'{g}' must be week or month")); break;
            }
        }
        var mode = RetentionKind.NDay;
        if (parameters.TryGetValue("mode", out var m))
        {
            switch (m)
            {
                case "n_day": mode = RetentionKind.NDay; break;
                case "unbounded": mode = RetentionKind.Unbounded; break;
                default: violations.Add(new FieldViolation($"{prefix}[mode]", $"'{m}' must be n_day (active exactly on day N) or unbounded (on day N or later)")); break;
            }
        }
        var cohorts = DefaultCohorts;
        if (parameters.TryGetValue("cohorts", out var c)
            && !(int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out cohorts) && cohorts is >= 1 and <= MaxCohorts))
        {
            violations.Add(new FieldViolation($"{prefix}[cohorts]", $"'{c}' must be a whole number from 1 to {MaxCohorts}"));
        }
        foreach (var key in parameters.Keys.Where(k => !Names.Contains(k)).Order(StringComparer.Ordinal))
        {
            violations.Add(new FieldViolation($"{prefix}[{key}]", "unknown parameter of report type cohort_retention (granularity, mode, cohorts)"));
        }
        return violations.Count == 0 ? (new CohortRetentionParameters(unit, mode, cohorts), violations) : (null, violations);
    }
}
