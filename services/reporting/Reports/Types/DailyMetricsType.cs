using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;

namespace Suite.Reporting.Reports.Types;

/// <summary>"daily_metrics": the day's portal activity against the previous day, with the alert conditions.</summary>
public sealed class DailyMetricsType(DailyMetricsSource source) : IReportType
{
    public string Name => ReportTypes.DailyMetrics;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        var (today, previous, hourly) = await source.ReadAsync(context.Tenant, context.From, context.To, ct);
        return DailyMetricsReport.Build(context.Tenant, context.PeriodText, context.Now, today, previous, hourly, context.Zone);
    }
}
