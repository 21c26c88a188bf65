using Suite.Reporting.Domain.Subscriptions;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Domain;

/// <summary>A business report asked for on demand, checked: the type, its parameters, the period and the zone.</summary>
public sealed record OnDemandRequest(string ReportType, IReadOnlyDictionary<string, string> Parameters, DateTimeOffset From, DateTimeOffset To, TimeZoneInfo Zone);

/// <summary>
/// Checks of GenerateReport's business-report fields. The period defaults to the day before <c>to</c> (default now):
/// the daily report's natural period; the weekly review and the scorecard read back from <c>to</c> on their own.
/// </summary>
public static class OnDemandRules
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(1);

    /// <summary>At most a year: every report reads its metrics over the period, and more is a query nobody meant.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    public static (OnDemandRequest? Request, IReadOnlyList<FieldViolation> Violations) Validate(
        string reportType,
        IReadOnlyDictionary<string, string> parameters,
        string timeZone,
        DateTimeOffset? from,
        DateTimeOffset? to,
        IReadOnlyCollection<string> available,
        DateTimeOffset now)
    {
        var violations = new List<FieldViolation>();
        if (!available.Contains(reportType))
        {
            violations.Add(new FieldViolation("report_type", $"unknown report type '{reportType}'; known: kpi, {string.Join(", ", available.Order(StringComparer.Ordinal))}"));
        }
        else
        {
            violations.AddRange(ReportTypes.Validate(reportType, parameters));
        }

        TimeZoneInfo? zone = TimeZoneInfo.Utc;
        if (timeZone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone))
        {
            violations.Add(new FieldViolation("time_zone", $"'{timeZone}' is not an IANA time zone (e.g. Europe/Berlin)"));
        }

        var end = to ?? now;
        var start = from ?? end - DefaultPeriod;
        if (start >= end)
        {
            violations.Add(new FieldViolation(from is null ? "to" : "from", "must be before to"));
        }
        else if (end - start > MaxPeriod)
        {
            violations.Add(new FieldViolation("from", $"the period must be at most {MaxPeriod.TotalDays:0} days"));
        }

        return violations.Count == 0
            ? (new OnDemandRequest(reportType, parameters, start, end, zone!), violations)
            : (null, violations);
    }
}
