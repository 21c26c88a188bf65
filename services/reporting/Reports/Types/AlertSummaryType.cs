using Suite.Reporting.Data;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// "alert_summary": the tenant's alerts over the period, from alerting's AlertFired / AlertResolved as the consumers in
/// Messaging stored them (alert_history), so it needs no call to alerting. Days in the chart are the subscription's zone.
/// </summary>
public sealed class AlertSummaryType(AlertHistoryStore alerts) : IReportType
{
    public string Name => ReportTypes.AlertSummary;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        var records = await alerts.ListTouchingAsync(context.Tenant, context.From, context.To, ct);
        return AlertSummaryReport.Build(context.Tenant, context.PeriodText, context.From, context.To, context.Zone, context.Now, records);
    }
}
