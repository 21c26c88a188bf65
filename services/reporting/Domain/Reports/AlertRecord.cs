namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// One alert as reporting knows it from alerting's events (a row of alert_history). Alerting gives every firing its
/// own id, so an alert starts once and resolves at most once. <see cref="StartedAt"/> is null (and severity, KPI,
/// value and threshold with it) when only the AlertResolved has arrived; <see cref="ResolvedAt"/> is null while it fires.
/// </summary>
public sealed record AlertRecord(
    Guid AlertId,
    Guid RuleId,
    string RuleName,
    string? Severity,
    string? Kpi,
    double? Value,
    double? Threshold,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>Fired in [from, to).</summary>
    public bool FiredIn(DateTimeOffset from, DateTimeOffset to) => StartedAt >= from && StartedAt < to;

    /// <summary>Resolved in [from, to), whether or not its AlertFired was received.</summary>
    public bool ResolvedIn(DateTimeOffset from, DateTimeOffset to) => ResolvedAt >= from && ResolvedAt < to;

    /// <summary>Still firing at the period's end: started before <paramref name="to"/>, not resolved before it.</summary>
    public bool OpenAtEnd(DateTimeOffset to) => StartedAt < to && (ResolvedAt is null || ResolvedAt >= to);

    /// <summary>Whether the period's report mentions it at all: it fired, resolved or was open at some time in [from, to).</summary>
    public bool Touches(DateTimeOffset from, DateTimeOffset to) =>
        StartedAt is { } started
            ? started < to && (ResolvedAt is null || ResolvedAt >= from)
            : ResolvedIn(from, to);

    /// <summary>Start to resolve, whole (not clipped to the period); null without both ends.</summary>
    public TimeSpan? TimeToResolve => StartedAt is { } s && ResolvedAt is { } r ? Max(r - s, TimeSpan.Zero) : null;

    /// <summary>How long it fired within [from, to); zero without a known start (the start is unknown, so is the time).</summary>
    public TimeSpan OpenTimeIn(DateTimeOffset from, DateTimeOffset to)
    {
        if (StartedAt is not { } started)
        {
            return TimeSpan.Zero;
        }
        var begin = started > from ? started : from;
        var end = ResolvedAt is { } r && r < to ? r : to;
        return Max(end - begin, TimeSpan.Zero);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
