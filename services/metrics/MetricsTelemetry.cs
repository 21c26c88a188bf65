using System.Diagnostics.Metrics;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Metrics;

/// <summary>suite_metrics_events_consumed_total and suite_metrics_consume_lag_seconds (now - committed_at).</summary>
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
    }

    public Counter<long> EventsConsumed { get; }
    public Histogram<double> ConsumeLag { get; }
}
