using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Domain;

public enum ReportFormatKind
{
    Pdf,
    Html,
    Csv,
    Xlsx,
}

/// <summary>A report to generate for a tenant: which KPI over which range, how it is titled and rendered.</summary>
public sealed record ReportRequest(
    string Tenant,
    string Kpi,
    DateTimeOffset? From,
    DateTimeOffset? To,
    ReportGranularity Granularity,
    IReadOnlyDictionary<string, string> Filters,
    ReportFormatKind Format,
    string Title);

/// <summary>
/// Checks of the fields reporting owns (title, format). The KPI, range, granularity and filters are the metrics
/// service's to judge: its field violations reach the caller unchanged.
/// </summary>
public static class ReportRequestRules
{
    public const int MaxTitleLength = 200;

    public static IReadOnlyList<FieldViolation> Validate(string title)
    {
        var violations = new List<FieldViolation>();
        if (title.Length > MaxTitleLength)
        {
            violations.Add(new FieldViolation("title", $"must be at most {MaxTitleLength} characters"));
        }
        else if (title.Any(char.IsControl))
        {
            violations.Add(new FieldViolation("title", "must not contain control characters"));
        }
        return violations;
    }

    /// <summary>The title printed on the report: the caller's, or one made from the KPI name.</summary>
    public static string EffectiveTitle(string title, string kpi) =>
        string.IsNullOrWhiteSpace(title) ? $"KPI report: {kpi}" : title.Trim();
}
