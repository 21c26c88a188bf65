using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Reporting.Clients;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// Reads what the daily metrics report shows from metrics, in one batch: each count for the period and for the
/// period before it, and logins per hour. Event vocabulary (domain/type): auth LOGIN, LOGIN_FAILED, ACCOUNT_LOCKED,
/// SUSPICIOUS_ACTIVITY; quotes QUOTE_REQUESTED, QUOTE_APPROVED; orders ORDER_VIEWED; artwork ARTWORK_UPLOADED;
/// proofs PROOF_APPROVED. Active users is metrics' dau total: distinct users on the UTC days the period touches.
/// </summary>
public sealed class DailyMetricsSource(MetricsBatchSource metrics)
{
    private static readonly (string Kpi, string? Domain, string? Type)[] Counts =
    [
        ("logins", null, null),
        ("login_failures", null, null),
        ("events_count", "auth", "ACCOUNT_LOCKED"),
        ("quote_requests", null, null),
        ("events_count", "quotes", "QUOTE_APPROVED"),
        ("events_count", "orders", "ORDER_VIEWED"),
        ("events_count", "artwork", "ARTWORK_UPLOADED"),
        ("events_count", "proofs", "PROOF_APPROVED"),
        ("events_count", "auth", "SUSPICIOUS_ACTIVITY"),
        ("dau", null, null),
    ];

    public async Task<(DailyActivity Today, DailyActivity Previous, HourlyLogins Hourly)> ReadAsync(
        string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var before = from - (to - from);
        var queries = new List<GetKpiSeriesRequest>();
        queries.AddRange(Counts.Select(c => Query(c.Kpi, c.Domain, c.Type, from, to, c.Kpi == "dau" ? Granularity.Day : Granularity.Hour)));
        queries.AddRange(Counts.Select(c => Query(c.Kpi, c.Domain, c.Type, before, from, c.Kpi == "dau" ? Granularity.Day : Granularity.Hour)));
        var answers = await metrics.QueryAsync(tenant, queries, ct);

        var today = Activity(answers.Take(Counts.Length).ToList());
        var previous = Activity(answers.Skip(Counts.Length).Take(Counts.Length).ToList());
        var logins = answers[0].Points;
        var failed = answers[1].Points;
        var hourly = new HourlyLogins(
            logins.Select(p => p.Start.ToDateTimeOffset()).ToList(),
            logins.Select(Count).ToList(),
            logins.Select(p => failed.FirstOrDefault(f => f.Start.Equals(p.Start)) is { } f ? Count(f) : 0).ToList());
        return (today, previous, hourly);
    }

    private static long Count(KpiPoint point) => point.HasValue ? (long)Math.Round(point.Value) : 0;

    private static DailyActivity Activity(IReadOnlyList<KpiSeries> s)
    {
        long Total(int i) => s[i].Total is { } t ? Count(t) : 0;
        return new DailyActivity(Total(0), Total(1), Total(2), Total(3), Total(4), Total(5), Total(6), Total(7), Total(8), Total(9));
    }

    private static GetKpiSeriesRequest Query(string kpi, string? domain, string? type, DateTimeOffset from, DateTimeOffset to, Granularity granularity)
    {
        var query = new GetKpiSeriesRequest
        {
            Kpi = kpi,
            From = Timestamp.FromDateTimeOffset(from),
            To = Timestamp.FromDateTimeOffset(to),
            Granularity = granularity,
        };
        if (domain is not null)
        {
            query.Filters["domain"] = domain;
            query.Filters["type"] = type!;
        }
        return query;
    }
}
