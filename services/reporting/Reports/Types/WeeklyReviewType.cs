using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Reporting.Clients;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// "weekly_review": the eight whole UTC weeks before the period's end (day granularity, one metrics batch): quotes per
/// channel (quote_requests by service_code portal/staff), orders per channel (the numerators of
/// portal_/staff_quote_conversion_rate), wau and mau.
/// </summary>
public sealed class WeeklyReviewType(MetricsBatchSource metrics) : IReportType
{
    public const int WeeksShown = 8;

    public string Name => ReportTypes.WeeklyReview;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        var end = DateOnly.FromDateTime(context.To.UtcDateTime);
        var start = end.AddDays(-7 * WeeksShown);
        var from = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var answers = await metrics.QueryAsync(context.Tenant,
        [
            Query("quote_requests", from, to, "portal"),
            Query("quote_requests", from, to, "staff"),
            Query("portal_quote_conversion_rate", from, to),
            Query("staff_quote_conversion_rate", from, to),
            Query("wau", from, to),
            Query("mau", from, to),
        ], ct);

        var byDay = answers.Select(a => a.Points.ToDictionary(p => DateOnly.FromDateTime(p.Start.ToDateTime()))).ToList();
        long Value(int i, DateOnly day) => byDay[i].TryGetValue(day, out var p) && p.HasValue ? (long)Math.Round(p.Value) : 0;
        long Orders(int i, DateOnly day) => byDay[i].TryGetValue(day, out var p) ? p.Numerator : 0;
        var days = Enumerable.Range(0, 7 * WeeksShown).Select(i => start.AddDays(i))
            .Select(d => new ReviewDay(d, Value(0, d), Value(1, d), Orders(2, d), Orders(3, d), Value(4, d), Value(5, d)))
            .ToList();
        return WeeklyReviewReport.Build(context.Tenant, $"week of {end.AddDays(-7):yyyy-MM-dd} (UTC), with the {WeeksShown - 1} weeks before", context.Now, days);
    }

    private static GetKpiSeriesRequest Query(string kpi, DateTimeOffset from, DateTimeOffset to, string? channel = null)
    {
        var query = new GetKpiSeriesRequest { Kpi = kpi, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to), Granularity = Granularity.Day };
        if (channel is not null)
        {
            query.Filters["service_code"] = channel;
        }
        return query;
    }
}
