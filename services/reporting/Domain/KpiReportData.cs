namespace Suite.Reporting.Domain;

public enum ReportGranularity
{
    Unspecified,
    Minute,
    Hour,
    Day,
}

/// <summary>One bucket of a KPI series (mirrors suite.metrics.v1.KpiPoint).</summary>
public sealed record KpiPointData(DateTimeOffset Start, bool HasValue, double Value, long Numerator, long Denominator);

/// <summary>Everything a report shows: what was asked for and what the metrics service answered.</summary>
public sealed record KpiReportData(
    string Title,
    string Tenant,
    string Kpi,
    string Unit,
    DateTimeOffset? From,
    DateTimeOffset? To,
    ReportGranularity Granularity,
    IReadOnlyList<KpiPointData> Points,
    KpiPointData Total,
    DateTimeOffset GeneratedAt);
