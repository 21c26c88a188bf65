namespace Suite.Alerting.Domain.Schedule;

/// <summary>Deliver a notification now, or hold it until <see cref="HoldUntil"/> (UTC) and send it in that recipient's digest.</summary>
public sealed record QuietDecision(DateTimeOffset? HoldUntil)
{
    public static QuietDecision Deliver { get; } = new((DateTimeOffset?)null);

    public bool DeliverNow => HoldUntil is null;

    public static QuietDecision Hold(DateTimeOffset until) => new(until);
}

/// <summary>
/// A recipient's quiet hours: weekly windows in the recipient's IANA time zone (see <see cref="WeeklyWindow"/> for
/// midnight and DST). Severities in <see cref="BypassSeverities"/> (compared ignoring case, e.g. "critical") are
/// always delivered. Anything else that arrives inside a window is held until the quiet hours end; windows that
/// chain back to back (Fri 22:00-Sat 07:00, then Sat 00:00-24:00 …) hold until the end of the whole chain.
/// </summary>
public sealed record QuietHours(TimeZoneInfo Zone, IReadOnlyList<WeeklyWindow> Windows, IReadOnlySet<string> BypassSeverities)
{
    // A chain longer than this can only be windows covering the whole week (Validate rejects those).
    private static readonly TimeSpan LongestChain = TimeSpan.FromDays(8);

    public QuietDecision Decide(DateTimeOffset now, string severity)
    {
        if (Bypasses(severity))
        {
            return QuietDecision.Deliver;
        }
        return QuietUntil(now) is { } until ? QuietDecision.Hold(until) : QuietDecision.Deliver;
    }

    public bool Bypasses(string severity) =>
        BypassSeverities.Contains(severity) ||
        BypassSeverities.Any(s => string.Equals(s, severity, StringComparison.OrdinalIgnoreCase));

    /// <summary>In quiet hours at <paramref name="now"/>, whatever the severity.</summary>
    public bool IsQuiet(DateTimeOffset now) => EndOfOccurrencesAt(now) is not null;

    /// <summary>The instant (UTC) the quiet hours containing <paramref name="now"/> end, following chained windows; null when not quiet.</summary>
    /// <exception cref="InvalidOperationException">The windows cover the whole week, so the quiet hours never end.</exception>
    public DateTimeOffset? QuietUntil(DateTimeOffset now)
    {
        if (EndOfOccurrencesAt(now) is not { } end)
        {
            return null;
        }
        // An occurrence starting exactly at `end` (or earlier and still running) extends the quiet hours.
        while (EndOfOccurrencesAt(end) is { } next && next > end)
        {
            end = next;
            if (end - now > LongestChain)
            {
                throw new InvalidOperationException("quiet hours cover the whole week: they never end");
            }
        }
        return end;
    }

    /// <summary>Config errors naming the field: the window errors of <see cref="WeeklyWindows.Validate"/>, and windows covering the whole week.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(WeeklyWindows.Validate(Windows));
        if (Windows.Count > 0 && WeeklyWindows.CoverWholeWeek(Windows))
        {
            errors.Add("windows: quiet hours cover the whole week, only bypass severities would ever be delivered");
        }
        return errors;
    }

    private DateTimeOffset? EndOfOccurrencesAt(DateTimeOffset instant) =>
        Windows.Select(w => w.NextEnd(instant, Zone)).Max();
}
