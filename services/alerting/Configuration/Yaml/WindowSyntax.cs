using System.Globalization;
using System.Text.RegularExpressions;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// A weekday window as written in the document: on each of <see cref="Days"/> it starts at local wall-clock
/// <see cref="Start"/> and ends at <see cref="End"/>; <c>End &lt;= Start</c> means it ends on the next day (crossing
/// midnight) and <c>End == 24:00</c> means the end of the day. <c>Start == End</c> is empty (the validator rejects it).
/// </summary>
public sealed record WeekdayWindow(IReadOnlyList<DayOfWeek> Days, TimeSpan Start, TimeSpan End)
{
    public const int MinutesPerWeek = 7 * 24 * 60;

    public bool IsEmpty => Start == End;

    /// <summary>How long the window lasts each time it opens.</summary>
    public TimeSpan Length => End > Start ? End - Start : End + TimeSpan.FromDays(1) - Start;

    /// <summary>
    /// The minutes of the week (Monday 00:00 = 0) the window covers, as half-open ranges; a range that runs past
    /// Sunday midnight is split so every range lies within [0, <see cref="MinutesPerWeek"/>).
    /// </summary>
    public IEnumerable<(int From, int To)> WeekRanges()
    {
        if (IsEmpty)
        {
            yield break;
        }
        foreach (var day in Days)
        {
            var from = WindowSyntax.MondayBasedIndex(day) * 1440 + (int)Start.TotalMinutes;
            var to = from + (int)Length.TotalMinutes;
            if (to <= MinutesPerWeek)
            {
                yield return (from, to);
            }
            else
            {
                yield return (from, MinutesPerWeek);
                yield return (0, to - MinutesPerWeek);
            }
        }
    }

    /// <summary>True when the two windows share at least one minute (touching end to start is not an overlap).</summary>
    public bool Overlaps(WeekdayWindow other) =>
        WeekRanges().Any(a => other.WeekRanges().Any(b => a.From < b.To && b.From < a.To));
}

/// <summary>
/// Parses <c>"Mon-Fri 22:00-07:00"</c>, <c>"Sat,Sun 00:00-24:00"</c>, <c>"Mon,Wed-Fri 09:00-17:30"</c>,
/// <c>"Fri-Mon 20:00-08:00"</c> (a range may wrap past Sunday) or <c>"22:00-07:00"</c> (no days: every day). Day names
/// are the English three-letter abbreviations, any case. Times are H:MM or HH:MM, 24-hour; 24:00 only as the end.
/// </summary>
public static partial class WindowSyntax
{
    private static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public static WeekdayWindow Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("empty window (use e.g. \"Mon-Fri 22:00-07:00\")");
        }
        var match = Syntax().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a window (use e.g. \"Mon-Fri 22:00-07:00\" or \"Sat,Sun 00:00-24:00\")");
        }
        var days = match.Groups["days"].Success ? ParseDays(text, match.Groups["days"].Value) : AllDays();
        var start = ParseTime(text, match.Groups["start"].Value, allowEndOfDay: false);
        var end = ParseTime(text, match.Groups["end"].Value, allowEndOfDay: true);
        return new WeekdayWindow(days, start, end);
    }

    public static bool TryParse(string? text, out WeekdayWindow? window)
    {
        try
        {
            window = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            window = null;
            return false;
        }
    }

    internal static int MondayBasedIndex(DayOfWeek day) => ((int)day + 6) % 7;

    private static DayOfWeek FromMondayBased(int index) => (DayOfWeek)((index + 1) % 7);

    private static IReadOnlyList<DayOfWeek> AllDays() => Enumerable.Range(0, 7).Select(FromMondayBased).ToList();

    private static IReadOnlyList<DayOfWeek> ParseDays(string text, string spec)
    {
        var seen = new SortedSet<int>();
        foreach (var part in spec.Split(','))
        {
            var bounds = part.Split('-');
            var from = DayIndex(text, bounds[0]);
            var to = bounds.Length == 2 ? DayIndex(text, bounds[1]) : from;
            // A range may wrap past Sunday ("Fri-Mon"), so walk forward from the first day to the last.
            for (var i = from; ; i = (i + 1) % 7)
            {
                if (!seen.Add(i))
                {
                    throw new FormatException($"'{text}': {Capitalized(DayNames[i])} is listed twice");
                }
                if (i == to)
                {
                    break;
                }
            }
        }
        return seen.Select(FromMondayBased).ToList();
    }

    private static int DayIndex(string text, string name)
    {
        var index = Array.IndexOf(DayNames, name.Trim().ToLowerInvariant());
        return index >= 0
            ? index
            : throw new FormatException($"'{text}': '{name.Trim()}' is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    private static TimeSpan ParseTime(string text, string value, bool allowEndOfDay)
    {
        var parts = value.Split(':');
        var hours = int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        var minutes = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
        if (hours == 24 && minutes == 0)
        {
            return allowEndOfDay
                ? TimeSpan.FromHours(24)
                : throw new FormatException($"'{text}': 24:00 is only allowed as the end of a window");
        }
        if (hours > 23 || minutes > 59)
        {
            throw new FormatException($"'{text}': '{value}' is not a time of day (00:00 to 23:59, or 24:00 as the end)");
        }
        return new TimeSpan(hours, minutes, 0);
    }

    private static string Capitalized(string day) => char.ToUpperInvariant(day[0]) + day[1..];

    [GeneratedRegex(@"^\s*(?:(?<days>[A-Za-z]+(?:\s*-\s*[A-Za-z]+)?(?:\s*,\s*[A-Za-z]+(?:\s*-\s*[A-Za-z]+)?)*)\s+)?(?<start>[0-9]{1,2}:[0-9]{2})\s*-\s*(?<end>[0-9]{1,2}:[0-9]{2})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
