using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Metrics.V1;

namespace Suite.ServiceDefaults.Auth;

/// <summary>
/// The reader role sees KPI series of the last <see cref="Days"/> days only. KPI definitions carry no owner or category,
/// so "own performance" is the tenant's KPIs, limited in time. An unset <c>from</c> passes: the metrics validator
/// rejects it as INVALID_ARGUMENT.
/// </summary>
public static class ReaderWindow
{
    public const int Days = 30;

    /// <summary>The violation message for a request reaching further back than the window, or null.</summary>
    public static string? Check(object request, DateTimeOffset now) => request switch
    {
        GetKpiSeriesRequest single => CheckFrom("from", single.From, now),
        GetKpiSeriesBatchRequest batch => batch.Queries
            .Select((q, i) => CheckFrom($"queries[{i}].from", q.From, now))
            .FirstOrDefault(v => v is not null),
        _ => null,
    };

    private static string? CheckFrom(string field, Timestamp? from, DateTimeOffset now)
    {
        var earliest = now.AddDays(-Days);
        return from is not null && from.ToDateTimeOffset() < earliest
            ? $"role 'reader' may read the last {Days} days only: {field} ({from.ToDateTimeOffset():yyyy-MM-ddTHH:mm:ssZ}) is before {earliest:yyyy-MM-ddTHH:mm:ssZ}"
            : null;
    }
}
