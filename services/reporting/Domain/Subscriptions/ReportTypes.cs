using Suite.Reporting.Domain.Reports;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Domain.Subscriptions;

/// <summary>The KPI report a "kpi" subscription renders each run: one KPI over the run's period.</summary>
public sealed record KpiReportParameters(string Kpi, ReportGranularity Granularity, IReadOnlyDictionary<string, string> Filters);

/// <summary>
/// The report types a subscription can name, and their parameters. "kpi": <c>kpi</c> (required), <c>granularity</c>
/// (minute | hour | day; default: the metrics service's choice for the range) and <c>filter.NAME</c> for each
/// metrics filter. "daily_metrics" (the day's portal activity and alert conditions), "weekly_review" (quotes by
/// channel, conversion and lift, engagement over eight weeks), "health_scorecard" (account health) and "alert_summary"
/// (alerting's alerts over the period) take no parameters; "cohort_retention" and "quarterly_roi" parse their own
/// (<see cref="CohortRetentionParameters"/>, <see cref="RoiParameters"/>). The other business reports join this
/// catalog as they are built.
/// </summary>
public static class ReportTypes
{
    public const string Kpi = "kpi";
    public const string DailyMetrics = "daily_metrics";
    public const string HealthScorecard = "health_scorecard";
    public const string WeeklyReview = "weekly_review";
    public const string AlertSummary = "alert_summary";
    public const string CohortRetention = "cohort_retention";
    public const string QuarterlyRoi = "quarterly_roi";
    public const string AtRiskDigest = "at_risk_digest";
    public const string ExecutiveOverview = "executive_overview";
    public const string FilterPrefix = "filter.";

    public static IReadOnlyList<string> Known { get; } =
        [Kpi, DailyMetrics, WeeklyReview, HealthScorecard, AlertSummary, CohortRetention, QuarterlyRoi, AtRiskDigest, ExecutiveOverview];

    /// <summary>The parameters of <paramref name="type"/> (a known one): each type with parameters parses its own; the others take none.</summary>
    public static IReadOnlyList<FieldViolation> Validate(string type, IReadOnlyDictionary<string, string> parameters, string prefix = "parameters") => type switch
    {
        Kpi => ParseKpi(parameters, prefix).Violations,
        CohortRetention => CohortRetentionParameters.Parse(parameters, prefix).Violations,
        QuarterlyRoi => RoiParameters.Parse(parameters, prefix).Violations,
        _ => parameters.Keys.Order(StringComparer.Ordinal).Select(key => new FieldViolation($"{prefix}[{key}]", $"unknown parameter: report type {type} takes none")).ToList(),
    };

    public static (KpiReportParameters? Parameters, IReadOnlyList<FieldViolation> Violations) ParseKpi(
        IReadOnlyDictionary<string, string> parameters, string prefix = "parameters")
    {
        var violations = new List<FieldViolation>();
        parameters.TryGetValue("kpi", out var kpi);
        if (string.IsNullOrWhiteSpace(kpi))
        {
            violations.Add(new FieldViolation($"{prefix}[kpi]", "is required: the KPI to report (see metrics ListKpis)"));
        }
        var granularity = ReportGranularity.Unspecified;
        if (parameters.TryGetValue("granularity", out var text))
        {
            granularity = text switch
            {
                "minute" => ReportGranularity.Minute,
                "hour" => ReportGranularity.Hour,
                "day" => ReportGranularity.Day,
                _ => ReportGranularity.Unspecified,
            };
            if (granularity == ReportGranularity.Unspecified)
            {
                violations.Add(new FieldViolation($"{prefix}[granularity]", $"'{text}' must be minute, hour or day"));
            }
        }
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith(FilterPrefix, StringComparison.Ordinal) && key.Length > FilterPrefix.Length)
            {
                filters[key[FilterPrefix.Length..]] = value;
            }
            else if (key is not ("kpi" or "granularity"))
            {
                violations.Add(new FieldViolation($"{prefix}[{key}]", "unknown parameter of report type kpi (kpi, granularity, filter.NAME)"));
            }
        }
        return violations.Count == 0 ? (new KpiReportParameters(kpi!.Trim(), granularity, filters), violations) : (null, violations);
    }
}
