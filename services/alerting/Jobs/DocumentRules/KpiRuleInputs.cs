using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Rules;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;

namespace Suite.Alerting.Jobs.DocumentRules;

/// <summary>What to ask metrics for a KPI rule, and how its answer becomes the evaluator's input (pure).</summary>
public static class KpiRuleInputs
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMinutes(1);

    /// <summary>Threshold and target compare the KPI over the whole window (one value, like the rules table).</summary>
    public static bool UsesWindowTotal(RuleCondition condition) => condition is ThresholdCondition or TargetCondition;

    public static TimeSpan StepOf(CompiledRule rule) => rule.Step ?? DefaultStep;

    public static Granularity GranularityOf(TimeSpan step) =>
        step >= TimeSpan.FromDays(1) ? Granularity.Day : step >= TimeSpan.FromHours(1) ? Granularity.Hour : Granularity.Minute;

    /// <summary>How far back to fetch: the window, both periods of a change, or enough buckets for the statistics.</summary>
    public static TimeSpan LookbackOf(CompiledRule rule)
    {
        var step = StepOf(rule);
        return rule.Condition switch
        {
            ChangeCondition c => 2 * c.Period + step,
            ZScoreCondition z => (z.Window + 2) * step,
            CusumCondition c => (c.BaselineWindow + 10) * step,
            TukeyCondition t => (t.Window + 2) * step,
            AbsenceCondition a => a.For + step,
            _ => rule.Window ?? DefaultWindow,
        };
    }

    /// <summary>
    /// The series the condition reads. Window-total kinds get one point (the total, at <paramref name="now"/>);
    /// the others get one point per bucket with a value and at least <see cref="CompiledRule.MinSamples"/> events
    /// behind it, stamped with the bucket's start. The bucket still in progress is left out, except for absence
    /// (an event in it is data).
    /// </summary>
    public static SeriesWindow ToSeries(CompiledRule rule, KpiSeries series, DateTimeOffset now)
    {
        if (rule.Condition is { } condition && UsesWindowTotal(condition))
        {
            return series.Total is { } total && Counts(total, rule.MinSamples)
                ? SeriesWindow.Of((now, total.Value))
                : SeriesWindow.Empty;
        }
        var step = StepOf(rule);
        var absence = rule.Condition is AbsenceCondition;
        // For absence a bucket is data only when something happened in it.
        var minimum = absence ? Math.Max(1, rule.MinSamples) : rule.MinSamples;
        return new SeriesWindow(series.Points
            .Where(p => Counts(p, minimum))
            .Select(p => new SeriesPoint(p.Start.ToDateTimeOffset(), p.Value))
            .Where(p => absence || p.At + step <= now));
    }

    private static bool Counts(KpiPoint point, long minSamples) =>
        point.HasValue && (point.Denominator > 0 ? point.Denominator : point.Numerator) >= minSamples;
}
