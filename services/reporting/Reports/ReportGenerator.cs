using System.Diagnostics;
using Suite.Reporting.Clients;
using Suite.Reporting.Data;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Rendering;

namespace Suite.Reporting.Reports;

/// <summary>
/// Fetch → document → render → store: one KPI report for one tenant, in one format or several (the series is
/// fetched once for all of them). The gRPC API and the subscription runner call it.
/// </summary>
public sealed class ReportGenerator(
    MetricsKpiSource metrics,
    ReportRenderers renderers,
    ReportStore store,
    ReportingMetrics telemetry,
    TimeProvider clock)
{
    public async Task<StoredReport> GenerateAsync(ReportRequest request, CancellationToken ct) =>
        (await GenerateAsync(request, [request.Format], ct))[0];

    /// <summary>One stored report per format, in the order given, from one fetch of the series.</summary>
    public async Task<IReadOnlyList<StoredReport>> GenerateAsync(ReportRequest request, IReadOnlyList<ReportFormatKind> formats, CancellationToken ct)
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
        var document = KpiReportDocument.Build(data);

        var reports = new List<StoredReport>();
        foreach (var format in formats)
        {
            var name = ReportRenderers.Name(format);
            var started = Stopwatch.GetTimestamp();
            var rendered = renderers.For(format).Render(document);
            telemetry.Rendered(name, Stopwatch.GetElapsedTime(started));

            var report = new StoredReport(
                Guid.CreateVersion7(now),
                request.Tenant,
                series.Kpi,
                data.Title,
                name,
                rendered.ContentType,
                $"{document.FileBase}.{rendered.Extension}",
                request.From,
                request.To,
                ValueFormatter.GranularityName(request.Granularity),
                series.Unit,
                series.Total.HasValue && double.IsFinite(series.Total.Value) ? series.Total.Value : null,
                rendered.Bytes,
                now);
            await store.InsertAsync(report, ct);
            telemetry.Generated(series.Kpi, name);
            reports.Add(report);
        }
        return reports;
    }
}
