namespace Suite.Alerting.Domain.Schedule;

/// <summary>Checks a list of weekly windows, as config validation messages naming <c>windows[i]</c>.</summary>
public static class WeeklyWindows
{
    private const int MinutesPerDay = 24 * 60;
    private const int MinutesPerWeek = 7 * MinutesPerDay;

    /// <summary>
    /// Errors: a window with no days, an empty window (start = end), two windows that overlap on the wall clock.
    /// Windows that only touch (one ends 07:00, the next starts 07:00) do not overlap: they chain.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<WeeklyWindow> windows, string field = "windows")
    {
        var errors = new List<string>();
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Days.Count == 0)
            {
                errors.Add($"{field}[{i}]: no days");
            }
            if (windows[i].WallLength == TimeSpan.Zero)
            {
                errors.Add($"{field}[{i}]: start equals end, the window is empty");
            }
        }
        for (var i = 0; i < windows.Count; i++)
        {
            for (var j = i + 1; j < windows.Count; j++)
            {
                if (FirstOverlap(windows[i], windows[j]) is { } day)
                {
                    errors.Add($"{field}[{i}] ({windows[i]}) and {field}[{j}] ({windows[j]}) overlap on {WeeklyWindow.Abbreviation(day)}");
                }
            }
        }
        return errors;
    }

    /// <summary>Whether the windows together cover every minute of the week (then nothing but bypass severities would ever go out).</summary>
    public static bool CoverWholeWeek(IReadOnlyList<WeeklyWindow> windows)
    {
        var covered = new bool[MinutesPerWeek];
        foreach (var (start, end) in windows.SelectMany(Intervals))
        {
            for (var m = start; m < end; m++)
            {
                covered[m % MinutesPerWeek] = true;
            }
        }
        return covered.All(c => c);
    }

    // The wall-clock day on which two windows first overlap, in week order, or null.
    private static DayOfWeek? FirstOverlap(WeeklyWindow a, WeeklyWindow b)
    {
        int? first = null;
        foreach (var (s1, e1) in Intervals(a))
        {
            foreach (var (s2, e2) in Intervals(b))
            {
                // Intervals may run past the end of the week (Sun 22:00-07:00): compare shifted by a week too.
                foreach (var shift in (int[])[-MinutesPerWeek, 0, MinutesPerWeek])
                {
                    var start = Math.Max(s1, s2 + shift);
                    var end = Math.Min(e1, e2 + shift);
                    if (start < end)
                    {
                        var at = ((start % MinutesPerWeek) + MinutesPerWeek) % MinutesPerWeek;
                        first = first is null ? at : Math.Min(first.Value, at);
                    }
                }
            }
        }
        return first is null ? null : WeeklyWindow.WeekOrder[first.Value / MinutesPerDay];
    }

    // Minute-of-week intervals [start, end), Monday 00:00 = 0; end may exceed the week.
    private static IEnumerable<(int Start, int End)> Intervals(WeeklyWindow window)
    {
        if (window.IsEmpty)
        {
            yield break;
        }
        var length = (int)window.WallLength.TotalMinutes;
        foreach (var day in window.Days)
        {
            var start = WeeklyWindow.WeekIndex(day) * MinutesPerDay + (int)window.Start.ToTimeSpan().TotalMinutes;
            yield return (start, start + length);
        }
    }
}
