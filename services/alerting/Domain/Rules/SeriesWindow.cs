namespace Suite.Alerting.Domain.Rules;

/// <summary>One KPI point as the evaluator fetched it.</summary>
public readonly record struct SeriesPoint(DateTimeOffset At, double Value);

/// <summary>
/// The KPI points an evaluation looks at, oldest first. Non-finite values (metrics' <c>has_value = false</c> read as
/// NaN) are dropped here, so every kind sees only real measurements and "missing" means the same thing everywhere.
/// </summary>
public sealed class SeriesWindow
{
    public SeriesWindow(IEnumerable<SeriesPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        // A stable sort: points with equal timestamps keep the order the evaluator gave them.
        Points = points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.At).ToList();
    }

    public static SeriesWindow Empty { get; } = new([]);

    public IReadOnlyList<SeriesPoint> Points { get; }

    public SeriesPoint? Latest => Points.Count == 0 ? null : Points[^1];

    /// <summary>Points with <paramref name="from"/> &lt; At ≤ <paramref name="to"/> (half-open, so periods tile).</summary>
    public IReadOnlyList<SeriesPoint> Between(DateTimeOffset from, DateTimeOffset to) =>
        Points.Where(p => p.At > from && p.At <= to).ToList();

    public static SeriesWindow Of(params (DateTimeOffset At, double Value)[] points) =>
        new(points.Select(p => new SeriesPoint(p.At, p.Value)));
}
