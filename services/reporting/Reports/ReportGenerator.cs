using System.Diagnostics;
using Suite.Reporting.Clients;
using Suite.Reporting.Data;
using Suite.Reporting.Domain;
using Suite.Reporting.Rendering;

namespace Suite.Reporting.Reports;

/// <summary>
/// Fetch → render → store: one report for one tenant. The gRPC API calls it now; scheduled reports will too.
/// </summary>
public sealed class ReportGenerator(
    MetricsKpiSource metrics,
    PdfReportRenderer renderer,
    ReportStore store,
    ReportingMetrics telemetry,
    TimeProvider clock)
{
    public async Task<StoredReport> GenerateAsync(ReportRequest request, CancellationToken ct)
    {
        var series = await metrics.GetSeriesAsync(request, ct);
        var now = clock.GetUtcNow();
        var data = new KpiReportData(
            ReportRequestRules.EffectiveTitle(request.Title, request.Kpi),
            request.Tenant,
            series.Kpi,
            series.Unit,
            request.From,
            request.To,
            request.Granularity,
            series.Points,
            series.Total,
            now);

        var format = FormatName(request.Format);
        var started = Stopwatch.GetTimestamp();
        var content = renderer.Render(data);
        telemetry.Rendered(format, Stopwatch.GetElapsedTime(started));

        var report = new StoredReport(
            Guid.CreateVersion7(now),
            request.Tenant,
            series.Kpi,
            data.Title,
            format,
            PdfReportRenderer.ContentType,
            ValueFormatter.FileName(series.Kpi, request.From, request.To, PdfReportRenderer.Extension),
            request.From,
            request.To,
            ValueFormatter.GranularityName(request.Granularity),
            series.Unit,
            series.Total.HasValue && double.IsFinite(series.Total.Value) ? series.Total.Value : null,
            content,
            now);
        await store.InsertAsync(report, ct);
        telemetry.Generated(series.Kpi, format);
        return report;
    }

    private static string FormatName(ReportFormatKind format) => format switch
    {
        ReportFormatKind.Pdf => "pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
