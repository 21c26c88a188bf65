using System.Diagnostics.Metrics;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Metrics;

/// <summary>
/// suite_metrics_events_consumed_total, suite_metrics_consume_lag_seconds (now - committed_at) and
/// suite_metrics_etl_runs_total{status} (both statuses reported from the start, at 0).
/// </summary>
public sealed class MetricsTelemetry
{
    /// <summary>Lag can be minutes when the consumer catches up after an outage: the latency buckets plus a tail.</summary>
    public static readonly double[] LagBucketsSeconds = [.. TelemetryExtensions.LatencyBucketsSeconds, 30, 60, 300, 900];

    public MetricsTelemetry(IMeterFactory meters, IHostEnvironment env)
    {
        var meter = meters.Create(SuiteService.MeterNameOf(env));
        EventsConsumed = meter.CreateCounter<long>("suite.metrics.events_consumed", "{event}", "Ingested events rolled up (redeliveries not counted)");
        ConsumeLag = meter.CreateHistogram(
            "suite.metrics.consume_lag", "s", "Time from ingestion's commit to this service's rollup commit",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBucketsSeconds });
        _etlRuns = meter.CreateCounter<long>("suite.metrics.etl_runs", "{run}", "Nightly ETL day runs that ended, by status (succeeded, failed)");
        foreach (var status in new[] { "succeeded", "failed" })
        {
            _etlRuns.Add(0, new KeyValuePair<string, object?>("status", status));
        }
    }

    private readonly Counter<long> _etlRuns;

    public void EtlRunEnded(bool succeeded) => _etlRuns.Add(1, new KeyValuePair<string, object?>("status", succeeded ? "succeeded" : "failed"));

    public Counter<long> EventsConsumed { get; }
    public Histogram<double> ConsumeLag { get; }
}
