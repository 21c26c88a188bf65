using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Configuration.Runtime;

public static partial class ConfigCompiler
{
    /// <summary>A rule's one condition section onto its <see cref="RuleCondition"/> or <see cref="EventTrigger"/>, defaults filled in.</summary>
    public static CompiledRule ToRule(RuleConfig config)
    {
        RuleCondition? condition = null;
        EventTrigger? trigger = null;
        TimeSpan? window = null;
        TimeSpan? step = null;
        long minSamples = 0;
        if (config.Threshold is { } threshold)
        {
            condition = new ThresholdCondition(
                threshold.Op == "below" ? Comparison.Below : Comparison.Above,
                threshold.Value!.Value,
                Duration.Parse(threshold.For ?? ThresholdConfig.DefaultFor));
            window = Duration.Parse(threshold.Window ?? ThresholdConfig.DefaultWindow);
            minSamples = threshold.MinSamples;
        }
        else if (config.Change is { } change)
        {
            condition = new ChangeCondition(
                Duration.Parse(change.Period),
                change.Direction == "increase" ? ChangeDirection.Increase : ChangeDirection.Decline,
                change.Percent!.Value);
        }
        else if (config.Anomaly is { } anomaly)
        {
            condition = anomaly.Method switch
            {
                "zscore" => new ZScoreCondition(anomaly.Window, anomaly.K!.Value),
                "cusum" => new CusumCondition(anomaly.Window, anomaly.K!.Value, anomaly.H),
                "tukey" => new TukeyCondition(anomaly.Window, anomaly.Fence ?? AnomalyConfig.DefaultFence),
                _ => throw new ArgumentException($"rule '{config.Name}': unknown anomaly method '{anomaly.Method}'", nameof(config)),
            };
            step = Duration.Parse(anomaly.Step ?? AnomalyConfig.DefaultStep);
        }
        else if (config.Target is { } target)
        {
            condition = new TargetCondition(target.Value!.Value, target.PercentBelow!.Value);
            window = Duration.Parse(target.Window ?? TargetConfig.DefaultWindow);
        }
        else if (config.Absence is { } absence)
        {
            condition = new AbsenceCondition(Duration.Parse(absence.For));
        }
        else if (config.Event is { } e)
        {
            trigger = e.Type switch
            {
                "threat_detected" => new ThreatDetectedTrigger(e.MinAction ?? EventConfig.DefaultMinAction),
                "churn_risk_critical" => new ChurnRiskChangedTrigger("critical"),
                "health_score_below_40" => new HealthScoreCrossedTrigger(40),
                _ => throw new ArgumentException($"rule '{config.Name}': unknown event type '{e.Type}'", nameof(config)),
            };
        }
        else
        {
            throw new ArgumentException($"rule '{config.Name}' has no condition: validate the document first", nameof(config));
        }
        return new CompiledRule(
            config.Name,
            config.Severity,
            condition,
            trigger,
            config.Kpi,
            Copy(config.Filters),
            Copy(config.Labels),
            Copy(config.Annotations),
            window,
            step,
            minSamples);
    }

    private static IReadOnlyDictionary<string, string> Copy(IReadOnlyDictionary<string, string>? map) =>
        new Dictionary<string, string>(map ?? new Dictionary<string, string>(), StringComparer.Ordinal);
}
