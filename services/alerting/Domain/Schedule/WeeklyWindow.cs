using System.Globalization;
using System.Text.RegularExpressions;

namespace Suite.Alerting.Domain.Schedule;

/// <summary>One occurrence of a window: the instants <c>[Start, End)</c>, both UTC.</summary>
public sealed record WindowOccurrence(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => Start <= instant && instant < End;
}

/// <summary>
/// A window repeated every week in local wall-clock time: it starts on each of <see cref="Days"/> at
/// <see cref="Start"/> and ends at <see cref="End"/>, on the same day when End &gt; Start, otherwise on the next day
/// (the window crosses midnight). <see cref="End"/> = 00:00 reads as 24:00, the midnight that ends the start day, so
/// <c>00:00-24:00</c> is the whole day. Start = End (other than 00:00) is empty and never contains anything.
/// <para>
/// Instants, DST included (see <see cref="WallClock"/>):
/// a start or end in the spring-forward gap (e.g. 02:30 on 2026-03-08 in New York) is the first valid instant after
/// the gap, the moment of the change (03:00 EDT); so 02:30-04:00 that day lasts one hour, 01:00-03:00 one hour.
/// A start in the fall-back overlap is its EARLIER occurrence and an end its LATER one, so the window covers every
/// instant whose wall-clock reading falls inside it and stays one contiguous interval; 01:00-03:00 on 2026-11-01 in
/// New York lasts three hours, a window ending at 01:30 that day ends at 01:30 EST (06:30 UTC).
/// Days are the local days on which the window STARTS.
/// </para>
/// </summary>
public sealed record WeeklyWindow(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>How long the window lasts on the wall clock: (0, 24 h], or zero when empty.</summary>
    public TimeSpan WallLength
    {
        get
        {
            var end = End == TimeOnly.MinValue ? Day : End.ToTimeSpan();
            var length = end - Start.ToTimeSpan();
            return length == TimeSpan.Zero ? TimeSpan.Zero : length > TimeSpan.Zero ? length : length + Day;
        }
    }

    /// <summary>No days, or Start = End (00:00-00:00 is not empty: it is 00:00-24:00).</summary>
    public bool IsEmpty => Days.Count == 0 || WallLength == TimeSpan.Zero;

    /// <summary>The occurrence that starts on the local date <paramref name="day"/>, or null if the window does not start that day.</summary>
    public WindowOccurrence? OccurrenceOn(DateOnly day, TimeZoneInfo zone)
    {
        if (IsEmpty || !Days.Contains(day.DayOfWeek))
        {
            return null;
        }
        var startLocal = day.ToDateTime(Start);
        var start = WallClock.ToInstant(startLocal, zone, AmbiguousPick.Earlier);
        var end = WallClock.ToInstant(startLocal + WallLength, zone, AmbiguousPick.Later);
        // A window inside the gap (02:10-02:50 on spring-forward day) has start = end: it does not happen.
        return end > start ? new WindowOccurrence(start, end) : null;
    }

    /// <summary>The occurrence that contains <paramref name="instant"/>, or null.</summary>
    public WindowOccurrence? OccurrenceAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var localDay = DateOnly.FromDateTime(WallClock.ToLocal(instant, zone));
        // A window lasts at most one wall-clock day, so it started the local day before or the same day; one more
        // day each side covers zones whose clocks change across midnight.
        for (var d = -2; d <= 1; d++)
        {
            if (OccurrenceOn(localDay.AddDays(d), zone) is { } occurrence && occurrence.Contains(instant))
            {
                return occurrence;
            }
        }
        return null;
    }

    public bool Contains(DateTimeOffset instant, TimeZoneInfo zone) => OccurrenceAt(instant, zone) is not null;

    /// <summary>The instant (UTC) the occurrence containing <paramref name="instant"/> ends, or null when the window does not contain it.</summary>
    public DateTimeOffset? NextEnd(DateTimeOffset instant, TimeZoneInfo zone) => OccurrenceAt(instant, zone)?.End;

    /// <summary>
    /// Parses <c>days HH:mm-HH:mm</c>: days are a comma list of days or ranges (<c>Mon-Fri</c>, <c>Sat,Sun</c>,
    /// <c>Fri-Mon</c> wraps), three-letter or full English names, any case; times are 24-hour, 24:00 only as the end.
    /// </summary>
    /// <exception cref="FormatException">With a message quoting the text and saying what is wrong.</exception>
    public static WeeklyWindow Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException($"a window is required: 'days HH:mm-HH:mm', e.g. 'Mon-Fri 22:00-07:00'");
        }
        var match = Syntax.Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a window: expected 'days HH:mm-HH:mm', e.g. 'Mon-Fri 22:00-07:00'");
        }
        var days = ParseDays(text, match.Groups["days"].Value);
        var (start, startIs24) = ParseTime(text, match.Groups["start"].Value);
        var (end, _) = ParseTime(text, match.Groups["end"].Value);
        if (startIs24)
        {
            throw new FormatException($"'{text}': 24:00 can only end a window");
        }
        var window = new WeeklyWindow(days, start, end);
        if (window.WallLength == TimeSpan.Zero)
        {
            throw new FormatException($"'{text}': start equals end, the window is empty");
        }
        return window;
    }

    /// <summary>Canonical text: days Monday first, runs of three or more as ranges; 24:00 for a midnight end.</summary>
    public override string ToString()
    {
        var days = WeekOrder.Where(Days.Contains).ToList();
        var parts = new List<string>();
        for (var i = 0; i < days.Count;)
        {
            var j = i;
            while (j + 1 < days.Count && WeekIndex(days[j + 1]) == WeekIndex(days[j]) + 1)
            {
                j++;
            }
            if (j - i >= 2)
            {
                parts.Add(Abbreviation(days[i]) + "-" + Abbreviation(days[j]));
            }
            else
            {
                parts.AddRange(days.Skip(i).Take(j - i + 1).Select(Abbreviation));
            }
            i = j + 1;
        }
        var end = End == TimeOnly.MinValue ? "24:00" : End.ToString("HH:mm", CultureInfo.InvariantCulture);
        return $"{string.Join(',', parts)} {Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{end}";
    }

    // Sets compare by content, so parsed windows compare equal.
    public bool Equals(WeeklyWindow? other) =>
        other is not null && Start == other.Start && End == other.End && Days.SetEquals(other.Days);

    public override int GetHashCode() =>
        HashCode.Combine(Start, End, Days.Aggregate(0, (bits, d) => bits | (1 << (int)d)));

    /// <summary>Monday = 0 … Sunday = 6 (the order people write weeks in).</summary>
    internal static int WeekIndex(DayOfWeek day) => ((int)day + 6) % 7;

    internal static string Abbreviation(DayOfWeek day) => day.ToString()[..3];

    internal static readonly DayOfWeek[] WeekOrder =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday,
        DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    private static HashSet<DayOfWeek> ParseDays(string text, string spec)
    {
        var days = new HashSet<DayOfWeek>();
        foreach (var item in spec.Split(','))
        {
            var range = item.Split('-');
            if (range.Length > 2 || range.Any(string.IsNullOrWhiteSpace))
            {
                throw new FormatException($"'{text}': '{item}' is not a day or a day range like Mon-Fri");
            }
            var from = WeekIndex(ParseDay(text, range[0]));
            var to = WeekIndex(ParseDay(text, range[^1]));
            for (var i = from; ; i = (i + 1) % 7)
            {
                days.Add(WeekOrder[i]);
                if (i == to)
                {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek ParseDay(string text, string name)
    {
        foreach (var day in WeekOrder)
        {
            if (string.Equals(name, Abbreviation(day), StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, day.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return day;
            }
        }
        throw new FormatException($"'{text}': unknown day '{name}' (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    private static (TimeOnly Time, bool Is24) ParseTime(string text, string value)
    {
        var parts = value.Split(':');
        if (parts.Length == 2 && parts[0].Length == 2 && parts[1].Length == 2 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute) &&
            minute < 60 && (hour < 24 || (hour == 24 && minute == 0)))
        {
            return hour == 24 ? (TimeOnly.MinValue, true) : (new TimeOnly(hour, minute), false);
        }
        throw new FormatException($"'{text}': '{value}' is not a time (HH:mm, 00:00 to 24:00)");
    }

    private static readonly Regex Syntax = new(
        @"^\s*(?<days>[A-Za-z,\-]+)\s+(?<start>[0-9:]+)\s*-\s*(?<end>[0-9:]+)\s*$", RegexOptions.CultureInvariant);
}
