using System.Diagnostics;
using Suite.Reporting.Clients;
using Suite.Reporting.Data;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Rendering;
using Suite.Reporting.Reports.Types;

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
        var total = series.Total.HasValue && double.IsFinite(series.Total.Value) ? (double?)series.Total.Value : null;
        return await RenderAsync(document, new StoredAs(request.Tenant, series.Kpi, request.From, request.To,
            ValueFormatter.GranularityName(request.Granularity), series.Unit, total), formats, now, ct);
    }

    /// <summary>
    /// A business report type's document, rendered and stored per format. The stored row's "kpi" names the report
    /// type; its total is the first headline's number.
    /// </summary>
    public async Task<(ReportDocument Document, IReadOnlyList<StoredReport> Reports)> GenerateAsync(
        IReportType type, ReportContext context, IReadOnlyList<ReportFormatKind> formats, CancellationToken ct)
    {
        var document = await type.BuildAsync(context, ct);
        var reports = await RenderAsync(document, new StoredAs(context.Tenant, type.Name, context.From, context.To, "", "",
            document.Headlines.FirstOrDefault()?.Value), formats, clock.GetUtcNow(), ct);
        return (document, reports);
    }

    /// <summary>What a stored report row says besides its bytes.</summary>
    private sealed record StoredAs(string Tenant, string Kpi, DateTimeOffset? From, DateTimeOffset? To, string Granularity, string Unit, double? Total);

    private async Task<IReadOnlyList<StoredReport>> RenderAsync(ReportDocument document, StoredAs stored, IReadOnlyList<ReportFormatKind> formats, DateTimeOffset now, CancellationToken ct)
    {
        var reports = new List<StoredReport>();
        foreach (var format in formats)
        {
            var name = ReportRenderers.Name(format);
            var started = Stopwatch.GetTimestamp();
            var rendered = renderers.For(format).Render(document);
            telemetry.Rendered(name, Stopwatch.GetElapsedTime(started));

            var report = new StoredReport(
                Guid.CreateVersion7(now),
                stored.Tenant,
                stored.Kpi,
                document.Title,
                name,
                rendered.ContentType,
                $"{document.FileBase}.{rendered.Extension}",
                stored.From,
                stored.To,
                stored.Granularity,
                stored.Unit,
                stored.Total,
                rendered.Bytes,
                now);
            await store.InsertAsync(report, ct);
            telemetry.Generated(stored.Kpi, name);
            reports.Add(report);
        }
        return reports;
    }
}
