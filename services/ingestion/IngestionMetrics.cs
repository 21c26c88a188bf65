using System.Diagnostics.Metrics;
using Suite.Ingestion.Domain;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Ingestion;

/// <summary>
/// suite_ingestion_events_total{result, reason} and suite_ingestion_batch_commit_duration_seconds.
/// The reason of a rejection is the offending field name: a small, fixed set of label values.
/// </summary>
public sealed class IngestionMetrics
{
    private readonly Counter<long> _events;

    public IngestionMetrics(IMeterFactory meters, IHostEnvironment env)
    {
        var meter = meters.Create(SuiteService.MeterNameOf(env));
        _events = meter.CreateCounter<long>("suite.ingestion.events", "{event}", "Events received, by result");
        BatchCommitDuration = meter.CreateHistogram(
            "suite.ingestion.batch_commit.duration", "s", "Time to store one request's events and its outbox message in one transaction",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TelemetryExtensions.LatencyBucketsSeconds });
    }

    public Histogram<double> BatchCommitDuration { get; }

    public void Record(IReadOnlyList<EventOutcome> outcomes)
    {
        int accepted = 0, duplicates = 0;
        foreach (var o in outcomes)
        {
            switch (o.Kind)
            {
                case OutcomeKind.Accepted:
                    accepted++;
                    break;
                case OutcomeKind.Duplicate:
                    duplicates++;
                    break;
                default:
                    _events.Add(1, new KeyValuePair<string, object?>("result", "rejected"), new KeyValuePair<string, object?>("reason", o.Field ?? "unknown"));
                    break;
            }
        }
        if (accepted > 0)
        {
            _events.Add(accepted, new KeyValuePair<string, object?>("result", "accepted"));
        }
        if (duplicates > 0)
        {
            _events.Add(duplicates, new KeyValuePair<string, object?>("result", "duplicate"));
        }
    }
}
