namespace Suite.IngestionBench;

/// <summary>
/// The headline ratio: each maximum-load round against the raw COPY made right after it (the VM's speed drifts by tens
/// of percent within minutes, so only neighbours compare), and the median of those pairs. Median to median and best to
/// best are kept for comparison with results from before the pairing.
/// </summary>
public sealed record ThroughputRatio(IReadOnlyList<double> Paired, double Median, double MedianToMedian, double BestToBest)
{
    /// <param name="roundsEventsPerSecond">The rounds in the order they ran.</param>
    /// <param name="copiesRowsPerSecond">Each round's COPY, in the same order.</param>
    public static ThroughputRatio Of(IReadOnlyList<double> roundsEventsPerSecond, IReadOnlyList<double> copiesRowsPerSecond)
    {
        if (roundsEventsPerSecond.Count == 0 || roundsEventsPerSecond.Count != copiesRowsPerSecond.Count)
        {
            throw new ArgumentException($"one COPY per round is needed (rounds {roundsEventsPerSecond.Count}, copies {copiesRowsPerSecond.Count})");
        }
        var paired = roundsEventsPerSecond.Zip(copiesRowsPerSecond, (events, rows) => events / rows).ToList();
        return new ThroughputRatio(
            paired,
            MiddleOf(paired),
            MiddleOf(roundsEventsPerSecond) / MiddleOf(copiesRowsPerSecond),
            roundsEventsPerSecond.Max() / copiesRowsPerSecond.Max());
    }

    /// <summary>The middle value; of an even count the upper of the two middle ones.</summary>
    public static double MiddleOf(IReadOnlyList<double> values) => MiddleBy(values, v => v);

    /// <summary>The middle item by <paramref name="key"/> (the median round, the median COPY), picked as <see cref="MiddleOf"/> picks.</summary>
    public static T MiddleBy<T>(IReadOnlyList<T> items, Func<T, double> key) => items.OrderBy(key).ElementAt(items.Count / 2);
}
