using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Suite.ServiceDefaults.Messaging;

/// <summary>suite_{service}_outbox_* : backlog, age of the oldest unpublished row, publishes and failures.</summary>
public sealed class OutboxMetrics
{
    private long _pending;
    private double _oldestAgeSeconds;

    public OutboxMetrics(IMeterFactory meters, IHostEnvironment env)
    {
        var service = SuiteService.NameOf(env);
        var meter = meters.Create(SuiteService.MeterNameOf(env));
        meter.CreateObservableGauge($"suite.{service}.outbox.pending", () => Interlocked.Read(ref _pending), "{message}", "Outbox rows not yet published");
        meter.CreateObservableGauge($"suite.{service}.outbox.oldest_age", () => Volatile.Read(ref _oldestAgeSeconds), "s", "Age of the oldest unpublished outbox row");
        Published = meter.CreateCounter<long>($"suite.{service}.outbox.published", "{message}", "Outbox messages published");
        Failures = meter.CreateCounter<long>($"suite.{service}.outbox.publish_failures", "{message}", "Failed publish attempts (retried)");
    }

    public Counter<long> Published { get; }
    public Counter<long> Failures { get; }

    public void SetBacklog(long pending, double oldestAgeSeconds)
    {
        Interlocked.Exchange(ref _pending, pending);
        Volatile.Write(ref _oldestAgeSeconds, oldestAgeSeconds);
    }
}
