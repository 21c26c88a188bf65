using System.Diagnostics.Metrics;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.Predictions;

/// <summary>suite_predictions_scores_total{kind,risk_level} and suite_predictions_score_duration_seconds.</summary>
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
    }

    public void Scored(string kind, string riskLevel, TimeSpan elapsed)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        _scores.Add(1, kindTag, new KeyValuePair<string, object?>("risk_level", riskLevel));
        _scoreDuration.Record(elapsed.TotalSeconds, kindTag);
    }
}
