namespace Suite.Predictions.Domain;

/// <summary>One reliability bin: holdout rows whose predicted probability fell in [From, To).</summary>
public sealed record CalibrationBin(double From, double To, long Count, double MeanPredicted, double ObservedRate);

/// <summary>How a model did on rows it never saw while training.</summary>
public sealed record ModelQuality(
    long Rows,
    long HoldoutRows,
    double Auc,
    double PrAuc,
    double LogLoss,
    double Brier,
    IReadOnlyList<CalibrationBin> Calibration);

/// <summary>Holdout metrics of predicted probabilities against observed labels.</summary>
public static class HoldoutMetrics
{
    /// <summary>Log-loss clamps probabilities to [Epsilon, 1 - Epsilon] so one confident miss costs a lot, not infinity.</summary>
    public const double Epsilon = 1e-15;

    public static ModelQuality Compute(long trainingRows, IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainingRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (probabilities.Count != labels.Count)
        {
            throw new ArgumentException("probabilities and labels differ in length");
        }
        if (probabilities.Any(p => !(p is >= 0 and <= 1)))
        {
            throw new ArgumentException("every probability must lie in [0, 1]", nameof(probabilities));
        }
        // RocAuc rejects a holdout without both classes, before anything below divides by zero.
        var auc = RocAuc.Compute(probabilities, labels);
        return new ModelQuality(
            Rows: trainingRows,
            HoldoutRows: probabilities.Count,
            Auc: auc,
            PrAuc: AveragePrecision(probabilities, labels),
            LogLoss: LogLoss(probabilities, labels),
            Brier: probabilities.Select((p, i) => Math.Pow(p - (labels[i] ? 1 : 0), 2)).Average(),
            Calibration: Calibration(probabilities, labels, bins));
    }

    /// <summary>
    /// Area under the precision-recall curve as average precision: Σ (R_k − R_{k−1}) · P_k over thresholds at each
    /// distinct score. Rows with equal scores enter together, so the result does not depend on their order.
    /// </summary>
    private static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double positives = labels.Count(l => l), truePositives = 0, taken = 0, previousRecall = 0, sum = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                truePositives += labels[order[end]] ? 1 : 0;
                taken++;
                end++;
            }
            var recall = truePositives / positives;
            sum += (recall - previousRecall) * (truePositives / taken);
            previousRecall = recall;
            start = end;
        }
        return sum;
    }

    // Clamping the probability given to the observed outcome is the same as clamping p to [ε, 1 − ε], without the
    // rounding of 1 − (1 − ε).
    private static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) =>
        probabilities.Select((p, i) => -Math.Log(Math.Clamp(labels[i] ? p : 1 - p, Epsilon, 1 - Epsilon))).Average();

    /// <summary>Equal-width bins over [0, 1]; the last one also holds p = 1. Empty bins are left out.</summary>
    private static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins)
    {
        var count = new long[bins];
        var predicted = new double[bins];
        var observed = new double[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var bin = Math.Min((int)(probabilities[i] * bins), bins - 1);
            count[bin]++;
            predicted[bin] += probabilities[i];
            observed[bin] += labels[i] ? 1 : 0;
        }
        return Enumerable.Range(0, bins)
            .Where(b => count[b] > 0)
            .Select(b => new CalibrationBin((double)b / bins, (double)(b + 1) / bins, count[b], predicted[b] / count[b], observed[b] / count[b]))
            .ToList();
    }
}
