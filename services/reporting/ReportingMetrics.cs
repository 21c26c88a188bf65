using System.Diagnostics.Metrics;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Reporting;

/// <summary>
/// suite_reporting_reports_generated_total{kpi,format}, suite_reporting_render_duration_seconds{format} and
/// suite_reporting_runs_total{status} (scheduled runs that ended: succeeded, failed, skipped).
/// </summary>
public sealed class ReportingMetrics
{
    private readonly Counter<long> _generated;
    private readonly Histogram<double> _renderDuration;
    private readonly Counter<long> _runs;

    public ReportingMetrics(IMeterFactory meterFactory, IHostEnvironment env)
    {
        var meter = meterFactory.Create(SuiteService.MeterNameOf(env));
        _generated = meter.CreateCounter<long>("suite.reporting.reports_generated", description: "Reports generated and stored");
        _renderDuration = meter.CreateHistogram<double>("suite.reporting.render.duration", unit: "s",
            description: "Time to render one report (chart and document)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TelemetryExtensions.LatencyBucketsSeconds });
        _runs = meter.CreateCounter<long>("suite.reporting.runs", description: "Scheduled report runs that ended, by status");
    }

    public void RunFinished(string status) => _runs.Add(1, new KeyValuePair<string, object?>("status", status));

    public void Rendered(string format, TimeSpan elapsed) =>
        _renderDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("format", format));

    public void Generated(string kpi, string format) =>
        _generated.Add(1, new KeyValuePair<string, object?>("kpi", kpi), new KeyValuePair<string, object?>("format", format));
}
