using System.Diagnostics;
using System.Diagnostics.Metrics;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Privacy;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Ingestion;

/// <summary>
/// suite_ingestion_*: events by result and reason, batch commit latency, redactions by kind, refused requests,
/// erased events and dropped partitions. Every label has a small, fixed set of values (reason codes, not text).
/// </summary>
public sealed class IngestionMetrics
{
    private static readonly KeyValuePair<string, object?> Accepted = new("result", "accepted");
    private static readonly KeyValuePair<string, object?> Duplicate = new("result", "duplicate");
    private static readonly KeyValuePair<string, object?> Rejected = new("result", "rejected");

    private readonly Counter<long> _events;
    private readonly Counter<long> _redactions;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _oversized;

    public IngestionMetrics(IMeterFactory meters, IHostEnvironment env)
    {
        var meter = meters.Create(SuiteService.MeterNameOf(env));
        _events = meter.CreateCounter<long>("suite.ingestion.events", "{event}", "Events received, by result (and reason for rejections)");
        BatchCommitDuration = meter.CreateHistogram(
            "suite.ingestion.batch_commit.duration", "s", "Time to store one request's events and its outbox message, from queueing for a commit to its transaction's end",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TelemetryExtensions.LatencyBucketsSeconds });
        CommitStageDuration = meter.CreateHistogram(
            "suite.ingestion.commit_stage.duration", "s",
            "Where commit time goes: wait (a request, queued until a committer takes it); for each transaction of new events: keys (from then to its keys and outbox message inserted), rows (its COPY into events_raw), commit (its durable COMMIT)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TelemetryExtensions.LatencyBucketsSeconds });
        CommitGroupRequests = meter.CreateHistogram(
            "suite.ingestion.commit_group.requests", "{request}", "Requests stored together in one transaction (group commit)",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 6, 8, 12, 16, 32] });
        _redactions = meter.CreateCounter<long>("suite.ingestion.redactions", "{value}", "Personal data masked before storing, by kind");
        _rateLimited = meter.CreateCounter<long>("suite.ingestion.rate_limited_requests", "{request}", "Requests refused because the tenant was over its rate limit");
        _oversized = meter.CreateCounter<long>("suite.ingestion.oversized_requests", "{request}", "Requests refused for their size (batch bytes, or a single event's bytes)");
        ErasedEvents = meter.CreateCounter<long>("suite.ingestion.erased_events", "{event}", "Events deleted by GDPR erasure requests");
        DroppedPartitions = meter.CreateCounter<long>("suite.ingestion.dropped_partitions", "{partition}", "Monthly partitions dropped past retention");
    }

    public Histogram<double> BatchCommitDuration { get; }
    public Histogram<double> CommitStageDuration { get; }
    public Histogram<int> CommitGroupRequests { get; }
    public Counter<long> ErasedEvents { get; }
    public Counter<long> DroppedPartitions { get; }

    /// <summary>Records <paramref name="stage"/> (a <see cref="CommitStages"/> value) as the time since <paramref name="since"/>; returns now.</summary>
    public long Stage(KeyValuePair<string, object?> stage, long since)
    {
        var now = Stopwatch.GetTimestamp();
        CommitStageDuration.Record(Stopwatch.GetElapsedTime(since, now).TotalSeconds, stage);
        return now;
    }

    public void RateLimited(string api) => _rateLimited.Add(1, new KeyValuePair<string, object?>("api", api));

    public void Oversized(string api) => _oversized.Add(1, new KeyValuePair<string, object?>("api", api));

    public void Record(IReadOnlyList<EventOutcome> outcomes)
    {
        int accepted = 0, duplicates = 0;
        foreach (var o in outcomes)
        {
            switch (o.Kind)
            {
                case OutcomeKind.Accepted:
                    accepted++;
                    if (o.Redactions is { } redactions)
                    {
                        foreach (var r in redactions)
                        {
                            _redactions.Add(1, new KeyValuePair<string, object?>("kind", r.Kind.Name()));
                        }
                    }
                    break;
                case OutcomeKind.Duplicate:
                    duplicates++;
                    break;
                default:
                    _events.Add(1, Rejected, new KeyValuePair<string, object?>("reason", o.Code ?? o.Field ?? "unknown"));
                    break;
            }
        }
        if (accepted > 0)
        {
            _events.Add(accepted, Accepted);
        }
        if (duplicates > 0)
        {
            _events.Add(duplicates, Duplicate);
        }
    }
}

/// <summary>The label values of suite_ingestion_commit_stage_duration_seconds, made once.</summary>
public static class CommitStages
{
    public static readonly KeyValuePair<string, object?> Wait = new("stage", "wait");
    public static readonly KeyValuePair<string, object?> Keys = new("stage", "keys");
    public static readonly KeyValuePair<string, object?> Rows = new("stage", "rows");
    public static readonly KeyValuePair<string, object?> Commit = new("stage", "commit");
}
