using System.Diagnostics.Metrics;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Alerting;

/// <summary>
/// suite_alerting_evaluations_total{result}, suite_alerting_alerts_firing,
/// suite_alerting_notifications_total{channel,result}, suite_alerting_notification_duration_seconds{channel},
/// suite_alerting_incident_deliveries_total{channel,kind,result}, suite_alerting_kpi_rule_cycle_duration_seconds,
/// suite_alerting_kpi_rules_evaluated_total, suite_alerting_escalation_steps_total{level} (escalation levels fired:
/// 0 is the first notification) and suite_alerting_quiet_hours_deferred_total (notifications held for quiet hours).
/// Notification attempts count incident deliveries too; series a dashboard shows are reported from the start, at 0.
/// </summary>
public sealed class AlertingMetrics
{
    private readonly Counter<long> _evaluations;
    private readonly Counter<long> _notifications;
    private readonly Histogram<double> _notificationDuration;
    private readonly Counter<long> _incidentDeliveries;
    private readonly Histogram<double> _kpiCycleDuration;
    private readonly Counter<long> _kpiRulesEvaluated;
    private long _firing;

    public AlertingMetrics(IMeterFactory meters, IHostEnvironment env)
    {
        var meter = meters.Create(SuiteService.MeterNameOf(env));
        _evaluations = meter.CreateCounter<long>("suite.alerting.evaluations", "{evaluation}", "Rule evaluations, by result (ok, error)");
        meter.CreateObservableGauge("suite.alerting.alerts_firing", () => Interlocked.Read(ref _firing), "{alert}", "Alerts firing now, all tenants");
        _notifications = meter.CreateCounter<long>("suite.alerting.notifications", "{notification}", "Notification attempts, by channel and result (sent, retry, failed)");
        _notificationDuration = meter.CreateHistogram("suite.alerting.notification.duration", "s", "Time of one notification attempt",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TelemetryExtensions.LatencyBucketsSeconds });
        _incidentDeliveries = meter.CreateCounter<long>("suite.alerting.incident_deliveries", "{delivery}",
            "Incident delivery attempts, by channel, kind (firing, resolved, digest) and result (sent, retry, failed)");
        _kpiCycleDuration = meter.CreateHistogram("suite.alerting.kpi_rule_cycle.duration", "s", "One evaluation cycle over every due KPI rule of the configuration documents",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TelemetryExtensions.LatencyBucketsSeconds });
        _kpiRulesEvaluated = meter.CreateCounter<long>("suite.alerting.kpi_rules_evaluated", "{rule}", "KPI rules of the configuration documents evaluated");
        _escalationSteps = meter.CreateCounter<long>("suite.alerting.escalation_steps", "{step}", "Escalation levels fired, by level (0 = first notification)");
        _quietDeferred = meter.CreateCounter<long>("suite.alerting.quiet_hours_deferred", "{notification}", "Notifications held for the recipient's quiet hours");
        _escalationSteps.Add(0, new KeyValuePair<string, object?>("level", "0"));
        _quietDeferred.Add(0);
        foreach (var channel in new[] { Configuration.Runtime.ChannelTarget.Email, Configuration.Runtime.ChannelTarget.Slack, Configuration.Runtime.ChannelTarget.Webhook })
        {
            foreach (var result in new[] { "sent", "retry", "failed" })
            {
                _notifications.Add(0, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("result", result));
            }
        }
    }

    private readonly Counter<long> _escalationSteps;
    private readonly Counter<long> _quietDeferred;

    /// <summary>An escalation level fired; <paramref name="held"/> of its notifications wait for quiet hours to end.</summary>
    public void EscalationStepFired(int level, int held)
    {
        _escalationSteps.Add(1, new KeyValuePair<string, object?>("level", level.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (held > 0)
        {
            _quietDeferred.Add(held);
        }
    }

    public void KpiCycle(int rules, TimeSpan duration)
    {
        _kpiCycleDuration.Record(duration.TotalSeconds);
        _kpiRulesEvaluated.Add(rules);
    }

    public void Evaluated(string result) => _evaluations.Add(1, new KeyValuePair<string, object?>("result", result));

    public void SetFiring(long count) => Interlocked.Exchange(ref _firing, count);

    public void Notified(string channel, string result, TimeSpan duration)
    {
        var channelTag = new KeyValuePair<string, object?>("channel", channel);
        _notifications.Add(1, channelTag, new KeyValuePair<string, object?>("result", result));
        _notificationDuration.Record(duration.TotalSeconds, channelTag);
    }

    /// <summary>An incident delivery attempt: counted by kind too, and timed with the notifications.</summary>
    public void IncidentDelivered(string channel, string kind, string result, TimeSpan duration)
    {
        var channelTag = new KeyValuePair<string, object?>("channel", channel);
        var resultTag = new KeyValuePair<string, object?>("result", result);
        _incidentDeliveries.Add(1, channelTag, new KeyValuePair<string, object?>("kind", kind), resultTag);
        _notifications.Add(1, channelTag, resultTag);
        _notificationDuration.Record(duration.TotalSeconds, channelTag);
    }
}
