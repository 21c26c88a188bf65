using System.Diagnostics.Metrics;
using Suite.Predictions.Domain;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Predictions;

/// <summary>
/// suite_predictions_scores_total{kind,risk_level}, suite_predictions_score_duration_seconds and
/// suite_predictions_threats_total{action} (login threat assessments, by ScoreThreat or as logins arrive, by the action
/// they call for; every action reported from the start, at 0).
/// </summary>
public sealed class PredictionsMetrics
{
    private readonly Counter<long> _scores;
    private readonly Histogram<double> _scoreDuration;

    public PredictionsMetrics(IMeterFactory meterFactory, IHostEnvironment env)
    {
        var meter = meterFactory.Create(SuiteService.MeterNameOf(env));
        _scores = meter.CreateCounter<long>("suite.predictions.scores", description: "Predictions scored, by model kind and risk level");
        _scoreDuration = meter.CreateHistogram<double>("suite.predictions.score.duration", unit: "s",
            description: "Time to score one prediction",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TelemetryExtensions.LatencyBucketsSeconds });
        _threats = meter.CreateCounter<long>("suite.predictions.threats", "{login}", "Login threat assessments (ScoreThreat and logins scored as they arrive), by the action called for");
        foreach (var action in Enum.GetValues<ThreatAction>())
        {
            _threats.Add(0, new KeyValuePair<string, object?>("action", action.Name()));
        }
    }

    private readonly Counter<long> _threats;

    public void ThreatAssessed(ThreatAction action) => _threats.Add(1, new KeyValuePair<string, object?>("action", action.Name()));

    public void Scored(string kind, string riskLevel, TimeSpan elapsed)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        _scores.Add(1, kindTag, new KeyValuePair<string, object?>("risk_level", riskLevel));
        _scoreDuration.Record(elapsed.TotalSeconds, kindTag);
    }
}
