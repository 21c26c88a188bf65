using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// "quarterly_roi": portal and staff quotes per month of the previous whole calendar quarter in the subscription's
/// zone (or the from/to parameters), and of the quarter (period) before, read in one metrics batch.
/// </summary>
public sealed class QuarterlyRoiType(QuoteChannelSource quotes) : IReportType
{
    public string Name => ReportTypes.QuarterlyRoi;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        var (parameters, violations) = RoiParameters.Parse(context.Parameters);
        if (parameters is null)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var asOf = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.To, context.Zone).DateTime);
        var period = parameters is { From: { } from, To: { } to } ? new RoiPeriod(from, to) : RoiPeriod.PreviousQuarter(asOf);
        var months = period.Months();
        DateTimeOffset At(DateOnly day) => RoiPeriod.Instant(day, context.Zone);

        var ranges = months.Select(m => (At(m.From), At(m.To))).Append((At(period.Previous().From), At(period.Previous().To))).ToList();
        var counts = await quotes.ReadAsync(context.Tenant, ranges, ct);
        var perMonth = months.Select((m, i) => new RoiMonthQuotes(m, counts[i].Portal, counts[i].Staff)).ToList();
        return QuarterlyRoiReport.Build(context.Tenant, context.Now, context.Zone.Id, parameters, period, perMonth, counts[^1].Portal, counts[^1].Staff);
    }
}
