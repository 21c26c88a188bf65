using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Reporting.Clients;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// Quotes per channel over time ranges, in one metrics batch: quote_requests filtered by the events' service_code,
/// "portal" (submitted by the customer) or "staff" (entered by staff), as the weekly review splits them.
/// </summary>
public sealed class QuoteChannelSource(MetricsBatchSource metrics)
{
    public const string Kpi = "quote_requests";
    public const string ChannelFilter = "service_code";
    public const string Portal = "portal";
    public const string Staff = "staff";

    /// <summary>Portal and staff quotes in each [From, To), in order.</summary>
    public async Task<IReadOnlyList<(long Portal, long Staff)>> ReadAsync(string tenant, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> ranges, CancellationToken ct)
    {
        // Hour buckets: ranges start at local midnights, which day buckets (UTC days) would not respect.
        var queries = ranges.SelectMany(r => new[] { Query(r.From, r.To, Portal), Query(r.From, r.To, Staff) }).ToList();
        var answers = await metrics.QueryAsync(tenant, queries, ct);
        return ranges.Select((_, i) => (Total(answers[2 * i]), Total(answers[2 * i + 1]))).ToList();
    }

    private static long Total(KpiSeries series) => series.Total is { HasValue: true } t ? (long)Math.Round(t.Value) : 0;

    private static GetKpiSeriesRequest Query(DateTimeOffset from, DateTimeOffset to, string channel) => new()
    {
        Kpi = Kpi,
        From = Timestamp.FromDateTimeOffset(from),
        To = Timestamp.FromDateTimeOffset(to),
        Granularity = Granularity.Hour,
        Filters = { [ChannelFilter] = channel },
    };
}
