namespace Suite.Alerting.Domain.Rules;

/// <summary>
/// Evaluates one rule condition over the points the evaluator fetched. Pure: the clock is <c>now</c>, the only state
/// is the <see cref="RuleMemory"/> handed in and returned in the outcome. Semantics per kind: Rules/README.md.
/// </summary>
public static class RuleEvaluation
{
    public static RuleOutcome Evaluate(RuleCondition condition, SeriesWindow input, RuleMemory? previous, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(input);
        var memory = previous ?? RuleMemory.Empty;
        return condition switch
        {
            ThresholdCondition c => Threshold(c, input, memory, now),
            ChangeCondition c => Change(c, input, memory, now),
            ZScoreCondition c => ZScore(c, input, memory),
            CusumCondition c => Cusum(c, input, memory),
            TukeyCondition c => Tukey(c, input, memory),
            TargetCondition c => Target(c, input, memory),
            AbsenceCondition c => Absence(c, input, memory, now),
            _ => throw new ArgumentException($"unknown rule condition {condition.GetType().Name}", nameof(condition)),
        };
    }

    private static RuleOutcome Threshold(ThresholdCondition c, SeriesWindow input, RuleMemory memory, DateTimeOffset now)
    {
        if (input.Latest is not { } latest)
        {
            // Keeps PendingSince: a gap in the data neither resets nor completes the "for" clock's evidence.
            return new RuleOutcome.NoData("no points", memory);
        }
        if (!AlertDecisions.IsBreached(c.Comparison, c.Threshold, latest.Value))
        {
            return new RuleOutcome.Inactive(memory with { PendingSince = null });
        }
        var since = memory.PendingSince ?? now;
        var held = memory with { PendingSince = since };
        if (now - since < c.For)
        {
            return new RuleOutcome.Pending(since, held);
        }
        var side = c.Comparison == Comparison.Above ? "above" : "below";
        var duration = c.For > TimeSpan.Zero ? $" for {NumberText.Of(now - since)}" : "";
        return new RuleOutcome.Firing(
            latest.Value, $"{NumberText.Of(latest.Value)} is {side} the threshold {NumberText.Of(c.Threshold)}{duration}", held);
    }

    private static RuleOutcome Change(ChangeCondition c, SeriesWindow input, RuleMemory memory, DateTimeOffset now)
    {
        var current = input.Between(now - c.Period, now);
        var before = input.Between(now - c.Period - c.Period, now - c.Period);
        if (current.Count == 0)
        {
            return new RuleOutcome.NoData("no points in the current period", memory);
        }
        if (before.Count == 0)
        {
            return new RuleOutcome.NoData("no points in the previous period", memory);
        }
        var name = c.Aggregate == PeriodAggregate.Sum ? "sum" : "mean";
        var a = Aggregate(c.Aggregate, current);
        var b = Aggregate(c.Aggregate, before);
        if (b == 0)
        {
            // Any change from 0 is infinite or undefined: no percentage, so no decision either way.
            return new RuleOutcome.NoData($"the previous period's {name} is 0: no percentage change", memory);
        }
        // ×100 before ÷ keeps round inputs exact (−20·100/100 = −20, not −20.000000000000004).
        var change = (a - b) * 100 / Math.Abs(b);
        var fires = c.Direction == ChangeDirection.Decline ? change < -c.Percent : change > c.Percent;
        if (!fires)
        {
            return new RuleOutcome.Inactive(memory);
        }
        var verb = change < 0 ? "fell" : "rose";
        return new RuleOutcome.Firing(
            change,
            $"{name} {verb} {NumberText.Of(Math.Abs(change))} % ({NumberText.Of(b)} → {NumberText.Of(a)}), limit {NumberText.Of(c.Percent)} %",
            memory);
    }

    private static double Aggregate(PeriodAggregate aggregate, IReadOnlyList<SeriesPoint> points) => aggregate switch
    {
        PeriodAggregate.Sum => points.Sum(p => p.Value),
        PeriodAggregate.Mean => SeriesStatistics.Mean(points.Select(p => p.Value).ToList()),
        _ => throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate, null),
    };

    private static RuleOutcome ZScore(ZScoreCondition c, SeriesWindow input, RuleMemory memory)
    {
        if (input.Points.Count < c.Window + 1)
        {
            return new RuleOutcome.NoData($"needs {c.Window + 1} points (window {c.Window} + latest), has {input.Points.Count}", memory);
        }
        var window = input.Points.Skip(input.Points.Count - c.Window - 1).Take(c.Window).Select(p => p.Value).ToList();
        var x = input.Points[^1].Value;
        var mean = SeriesStatistics.Mean(window);
        var sd = SeriesStatistics.PopulationStdDev(window);
        // A flat window has σ = 0: equal to it is z = 0, any departure is an infinite z (it fires for every k).
        var z = sd > 0 ? (x - mean) / sd : x == mean ? 0 : x > mean ? double.PositiveInfinity : double.NegativeInfinity;
        if (!Beyond(c.Deviation, z, c.K))
        {
            return new RuleOutcome.Inactive(memory);
        }
        return new RuleOutcome.Firing(
            z,
            $"z = {NumberText.Of(z)} (value {NumberText.Of(x)}, mean {NumberText.Of(mean)}, stddev {NumberText.Of(sd)}) beyond k = {NumberText.Of(c.K)}",
            memory);
    }

    private static bool Beyond(Deviation deviation, double score, double k) => deviation switch
    {
        Deviation.Either => Math.Abs(score) > k,
        Deviation.Above => score > k,
        Deviation.Below => score < -k,
        _ => throw new ArgumentOutOfRangeException(nameof(deviation), deviation, null),
    };

    private static RuleOutcome Cusum(CusumCondition c, SeriesWindow input, RuleMemory memory)
    {
        IEnumerable<SeriesPoint> fresh;
        if (memory.BaselineMean is not { } mu || memory.BaselineStdDev is not { } sigma)
        {
            if (input.Points.Count < c.BaselineWindow)
            {
                return new RuleOutcome.NoData($"needs {c.BaselineWindow} points for the baseline, has {input.Points.Count}", memory);
            }
            var baseline = input.Points.Take(c.BaselineWindow).Select(p => p.Value).ToList();
            mu = SeriesStatistics.Mean(baseline);
            sigma = SeriesStatistics.PopulationStdDev(baseline);
            if (sigma == 0)
            {
                // Nothing to standardize by; try again with the next window rather than freeze a useless baseline.
                return new RuleOutcome.NoData("the baseline's stddev is 0: cannot standardize", memory);
            }
            memory = memory with
            {
                BaselineMean = mu,
                BaselineStdDev = sigma,
                CusumUpper = 0,
                CusumLower = 0,
                LastPointAt = input.Points[c.BaselineWindow - 1].At,
            };
            fresh = input.Points.Skip(c.BaselineWindow);
        }
        else
        {
            var last = memory.LastPointAt;
            fresh = input.Points.Where(p => last is null || p.At > last);
        }

        var h = c.EffectiveH;
        var upper = memory.CusumUpper;
        var lower = memory.CusumLower;
        var lastAt = memory.LastPointAt;
        var alarms = 0;
        string? alarm = null;
        var alarmValue = 0.0;
        var folded = 0;
        foreach (var point in fresh)
        {
            folded++;
            var z = (point.Value - mu) / sigma;
            upper = Math.Max(0, upper + z - c.K);
            lower = Math.Max(0, lower - z - c.K);
            lastAt = point.At;
            var up = c.Deviation != Deviation.Below && upper > h;
            var down = c.Deviation != Deviation.Above && lower > h;
            if (up || down)
            {
                var upward = up && (!down || upper >= lower);
                alarmValue = upward ? upper : lower;
                alarm = upward
                    ? $"upward shift: C⁺ = {NumberText.Of(upper)} > h = {NumberText.Of(h)} at {point.At:O}"
                    : $"downward shift: C⁻ = {NumberText.Of(lower)} > h = {NumberText.Of(h)} at {point.At:O}";
                alarms++;
                // Restart after a signal (Page's scheme): a shift that persists alarms again after ≈ h/(δ − k) points.
                upper = 0;
                lower = 0;
            }
        }
        var next = memory with { CusumUpper = upper, CusumLower = lower, LastPointAt = lastAt };
        if (alarm is not null)
        {
            var count = alarms > 1 ? $" ({alarms} alarms)" : "";
            return new RuleOutcome.Firing(alarmValue, alarm + count, next);
        }
        return folded == 0
            ? new RuleOutcome.NoData("no new points since the last evaluation", next)
            : new RuleOutcome.Inactive(next);
    }

    private static RuleOutcome Tukey(TukeyCondition c, SeriesWindow input, RuleMemory memory)
    {
        if (input.Points.Count < c.Window + 1)
        {
            return new RuleOutcome.NoData($"needs {c.Window + 1} points (window {c.Window} + latest), has {input.Points.Count}", memory);
        }
        var window = input.Points.Skip(input.Points.Count - c.Window - 1).Take(c.Window).Select(p => p.Value).ToList();
        var x = input.Points[^1].Value;
        var fences = TukeyFences.Of(window, c.Factor);
        var above = c.Deviation != Deviation.Below && x > fences.Upper;
        var below = c.Deviation != Deviation.Above && x < fences.Lower;
        if (!above && !below)
        {
            return new RuleOutcome.Inactive(memory);
        }
        var which = above ? $"above the upper fence {NumberText.Of(fences.Upper)}" : $"below the lower fence {NumberText.Of(fences.Lower)}";
        return new RuleOutcome.Firing(
            x,
            $"{NumberText.Of(x)} is {which} (Q1 {NumberText.Of(fences.Q1)}, Q3 {NumberText.Of(fences.Q3)}, IQR {NumberText.Of(fences.Iqr)}, f {NumberText.Of(c.Factor)})",
            memory);
    }

    private static RuleOutcome Target(TargetCondition c, SeriesWindow input, RuleMemory memory)
    {
        if (input.Latest is not { } latest)
        {
            return new RuleOutcome.NoData("no points", memory);
        }
        if (!(latest.Value < c.Floor))
        {
            return new RuleOutcome.Inactive(memory);
        }
        var shortfall = c.Target != 0 ? $"{NumberText.Of((c.Target - latest.Value) * 100 / Math.Abs(c.Target))} % " : "";
        return new RuleOutcome.Firing(
            latest.Value,
            $"{NumberText.Of(latest.Value)} is {shortfall}below the target {NumberText.Of(c.Target)} (limit {NumberText.Of(c.PercentBelow)} %)",
            memory);
    }

    private static RuleOutcome Absence(AbsenceCondition c, SeriesWindow input, RuleMemory memory, DateTimeOffset now)
    {
        if (input.Latest is not { } latest)
        {
            return new RuleOutcome.Firing(double.PositiveInfinity, $"no points at all (limit {NumberText.Of(c.For)})", memory);
        }
        if (latest.At > now - c.For)
        {
            return new RuleOutcome.Inactive(memory);
        }
        var age = now - latest.At;
        return new RuleOutcome.Firing(
            age.TotalSeconds, $"no point for {NumberText.Of(age)} (last at {latest.At:O}, limit {NumberText.Of(c.For)})", memory);
    }
}
