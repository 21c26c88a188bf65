using Microsoft.Extensions.Time.Testing;
using Suite.Alerting.Domain.Schedule;
using static Suite.Alerting.Tests.Domain.Schedule.Times;

namespace Suite.Alerting.Tests.Domain.Schedule;

public sealed class WeeklyWindowTests
{
    [Theory]
    // text, canonical text, wall-clock length in minutes
    [InlineData("Mon-Fri 22:00-07:00", "Mon-Fri 22:00-07:00", 540)]
    [InlineData("Sat,Sun 00:00-24:00", "Sat,Sun 00:00-24:00", 1440)]
    [InlineData("sun 22:00-00:00", "Sun 22:00-24:00", 120)]
    [InlineData("Sun 22:00-24:00", "Sun 22:00-24:00", 120)]
    [InlineData("Mon,Tue,Wed 08:00-09:30", "Mon-Wed 08:00-09:30", 90)]
    [InlineData("fri-mon 09:30-17:00", "Mon,Fri-Sun 09:30-17:00", 450)]   // a range may wrap past Sunday
    [InlineData("Wednesday 12:00-13:00", "Wed 12:00-13:00", 60)]
    [InlineData("  Tue,Thu   23:59 - 00:01 ", "Tue,Thu 23:59-00:01", 2)]
    public void Parses_days_and_times(string text, string canonical, int minutes)
    {
        var window = WeeklyWindow.Parse(text);
        Assert.Equal(canonical, window.ToString());
        Assert.Equal(TimeSpan.FromMinutes(minutes), window.WallLength);
        Assert.Equal(window, WeeklyWindow.Parse(canonical));
    }

    [Fact]
    public void Parsed_windows_equal_constructed_ones()
    {
        var built = new WeeklyWindow(
            new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Sunday }, new TimeOnly(0, 0), TimeOnly.MinValue);
        Assert.Equal(built, WeeklyWindow.Parse("Sat,Sun 00:00-24:00"));
        Assert.Equal(built.GetHashCode(), WeeklyWindow.Parse("Sun,Sat 00:00-24:00").GetHashCode());
        Assert.NotEqual(built, WeeklyWindow.Parse("Sat 00:00-24:00"));
    }

    [Theory]
    [InlineData("", "a window is required: 'days HH:mm-HH:mm'")]
    [InlineData("Mon-Fri", "'Mon-Fri' is not a window: expected 'days HH:mm-HH:mm'")]
    [InlineData("22:00-07:00", "'22:00-07:00' is not a window")]
    [InlineData("Mon-Fry 22:00-07:00", "'Mon-Fry 22:00-07:00': unknown day 'Fry' (Mon, Tue, Wed, Thu, Fri, Sat, Sun)")]
    [InlineData("Mon-Tue-Wed 07:00-08:00", "'Mon-Tue-Wed' is not a day or a day range like Mon-Fri")]
    [InlineData("Mon,,Tue 07:00-08:00", "'' is not a day or a day range")]
    [InlineData("Mon-Fri 25:00-07:00", "'25:00' is not a time (HH:mm, 00:00 to 24:00)")]
    [InlineData("Mon-Fri 22:60-07:00", "'22:60' is not a time")]
    [InlineData("Mon 7:00-08:00", "'7:00' is not a time")]
    [InlineData("Mon 08:00-24:30", "'24:30' is not a time")]
    [InlineData("Mon 24:00-07:00", "'Mon 24:00-07:00': 24:00 can only end a window")]
    [InlineData("Mon 07:00-07:00", "'Mon 07:00-07:00': start equals end, the window is empty")]
    public void Bad_text_is_rejected_with_the_reason(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => WeeklyWindow.Parse(text)).Message);

    [Theory]
    // zone, window, instant (UTC), contained, end of the containing occurrence (UTC)
    // Summer, no change: Berlin is UTC+2.
    [InlineData("Europe/Berlin", "Mon-Fri 22:00-07:00", "2026-06-01T19:59Z", false, null)]          // Mon 21:59
    [InlineData("Europe/Berlin", "Mon-Fri 22:00-07:00", "2026-06-01T20:00Z", true, "2026-06-02T05:00Z")]
    [InlineData("Europe/Berlin", "Mon-Fri 22:00-07:00", "2026-06-06T04:59Z", true, "2026-06-06T05:00Z")]  // Sat 06:59, from Fri
    [InlineData("Europe/Berlin", "Mon-Fri 22:00-07:00", "2026-06-06T05:00Z", false, null)]          // end is exclusive
    [InlineData("Europe/Berlin", "Mon-Fri 22:00-07:00", "2026-06-06T21:00Z", false, null)]          // Sat 23:00: not a start day
    [InlineData("Europe/Berlin", "Sat,Sun 00:00-24:00", "2026-06-07T21:59Z", true, "2026-06-07T22:00Z")]
    [InlineData("Europe/Berlin", "Sat,Sun 00:00-24:00", "2026-06-07T22:00Z", false, null)]          // Mon 00:00
    // New York, spring forward 2026-03-08 (Sun): 02:00 EST → 03:00 EDT at 07:00Z.
    [InlineData("America/New_York", "Mon-Sun 01:00-03:00", "2026-03-08T05:59Z", false, null)]
    [InlineData("America/New_York", "Mon-Sun 01:00-03:00", "2026-03-08T06:00Z", true, "2026-03-08T07:00Z")]   // 1 h that day
    [InlineData("America/New_York", "Mon-Sun 01:00-03:00", "2026-03-08T07:00Z", false, null)]
    [InlineData("America/New_York", "Mon-Sun 22:00-07:00", "2026-03-08T03:00Z", true, "2026-03-08T11:00Z")]   // Sat 22:00 EST → 07:00 EDT: 8 h
    [InlineData("America/New_York", "Mon-Sun 22:00-07:00", "2026-03-08T11:00Z", false, null)]
    [InlineData("America/New_York", "Sun 02:30-04:00", "2026-03-08T06:59Z", false, null)]
    [InlineData("America/New_York", "Sun 02:30-04:00", "2026-03-08T07:00Z", true, "2026-03-08T08:00Z")]       // 02:30 does not exist: starts at the change
    [InlineData("America/New_York", "Sun 02:10-02:50", "2026-03-08T07:00Z", false, null)]                     // wholly in the gap: does not happen
    // New York, fall back 2026-11-01 (Sun): 02:00 EDT → 01:00 EST at 06:00Z; 01:00-01:59 happen twice.
    [InlineData("America/New_York", "Mon-Sun 01:00-03:00", "2026-11-01T04:59Z", false, null)]
    [InlineData("America/New_York", "Mon-Sun 01:00-03:00", "2026-11-01T05:00Z", true, "2026-11-01T08:00Z")]   // 01:00 EDT (earlier) → 03:00 EST: 3 h
    [InlineData("America/New_York", "Mon-Sun 01:00-03:00", "2026-11-01T06:30Z", true, "2026-11-01T08:00Z")]   // 01:30 EST, the second time
    [InlineData("America/New_York", "Mon-Sun 01:00-03:00", "2026-11-01T08:00Z", false, null)]
    [InlineData("America/New_York", "Mon-Sun 22:00-07:00", "2026-11-01T02:00Z", true, "2026-11-01T12:00Z")]   // Sat 22:00 EDT → 07:00 EST: 10 h
    [InlineData("America/New_York", "Mon-Sun 22:00-07:00", "2026-11-01T12:00Z", false, null)]
    [InlineData("America/New_York", "Sat 22:00-01:30", "2026-11-01T05:45Z", true, "2026-11-01T06:30Z")]       // 01:45 EDT: still inside
    [InlineData("America/New_York", "Sat 22:00-01:30", "2026-11-01T06:30Z", false, null)]                     // ends at the LATER 01:30
    [InlineData("America/New_York", "Sun 01:30-04:00", "2026-11-01T05:29Z", false, null)]
    [InlineData("America/New_York", "Sun 01:30-04:00", "2026-11-01T05:30Z", true, "2026-11-01T09:00Z")]       // starts at the EARLIER 01:30
    // Berlin, spring forward 2026-03-29 (Sun): 02:00 CET → 03:00 CEST at 01:00Z.
    [InlineData("Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-03-28T23:59Z", false, null)]
    [InlineData("Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-03-29T00:00Z", true, "2026-03-29T01:00Z")]
    [InlineData("Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-03-29T01:00Z", false, null)]
    [InlineData("Europe/Berlin", "Mon-Sun 22:00-07:00", "2026-03-28T21:00Z", true, "2026-03-29T05:00Z")]
    [InlineData("Europe/Berlin", "Mon-Sun 22:00-07:00", "2026-03-29T05:00Z", false, null)]
    [InlineData("Europe/Berlin", "Sun 02:30-04:00", "2026-03-29T01:00Z", true, "2026-03-29T02:00Z")]
    // Berlin, fall back 2026-10-25 (Sun): 03:00 CEST → 02:00 CET at 01:00Z; 02:00-02:59 happen twice.
    [InlineData("Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-10-24T22:59Z", false, null)]
    [InlineData("Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-10-24T23:00Z", true, "2026-10-25T02:00Z")]
    [InlineData("Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-10-25T01:30Z", true, "2026-10-25T02:00Z")]      // 02:30 CET, the second time
    [InlineData("Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-10-25T02:00Z", false, null)]
    [InlineData("Europe/Berlin", "Mon-Sun 22:00-07:00", "2026-10-24T20:00Z", true, "2026-10-25T06:00Z")]
    [InlineData("Europe/Berlin", "Mon-Sun 22:00-07:00", "2026-10-25T06:00Z", false, null)]
    [InlineData("Europe/Berlin", "Sat 22:00-02:30", "2026-10-25T00:45Z", true, "2026-10-25T01:30Z")]          // 02:45 CEST: still inside
    [InlineData("Europe/Berlin", "Sat 22:00-02:30", "2026-10-25T01:30Z", false, null)]
    [InlineData("Europe/Berlin", "Sun 02:30-04:00", "2026-10-25T00:29Z", false, null)]
    [InlineData("Europe/Berlin", "Sun 02:30-04:00", "2026-10-25T00:30Z", true, "2026-10-25T03:00Z")]
    public void Contains_and_NextEnd_at_exact_instants(string zone, string window, string instant, bool contained, string? end)
    {
        var w = WeeklyWindow.Parse(window);
        var now = new FakeTimeProvider(Utc(instant)).GetUtcNow();
        Assert.Equal(contained, w.Contains(now, Zone(zone)));
        Assert.Equal(UtcOrNull(end), w.NextEnd(now, Zone(zone)));
        if (w.NextEnd(now, Zone(zone)) is { } e)
        {
            Assert.Equal(TimeSpan.Zero, e.Offset);
        }
    }

    public static TheoryData<string, string, string, string, string[]> DstWalks => new()
    {
        // zone, window, walk from, walk to (UTC), the instants the window opens (+) and closes (-)
        { "America/New_York", "Mon-Sun 01:00-03:00", "2026-03-07T12:00Z", "2026-03-08T14:00Z", ["+2026-03-08T06:00Z", "-2026-03-08T07:00Z"] },
        { "America/New_York", "Mon-Sun 22:00-07:00", "2026-03-07T12:00Z", "2026-03-08T14:00Z", ["+2026-03-08T03:00Z", "-2026-03-08T11:00Z"] },
        { "America/New_York", "Mon-Sun 01:00-03:00", "2026-10-31T12:00Z", "2026-11-01T14:00Z", ["+2026-11-01T05:00Z", "-2026-11-01T08:00Z"] },
        { "America/New_York", "Mon-Sun 22:00-07:00", "2026-10-31T12:00Z", "2026-11-01T14:00Z", ["+2026-11-01T02:00Z", "-2026-11-01T12:00Z"] },
        { "Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-03-28T12:00Z", "2026-03-29T14:00Z", ["+2026-03-29T00:00Z", "-2026-03-29T01:00Z"] },
        { "Europe/Berlin", "Mon-Sun 22:00-07:00", "2026-03-28T12:00Z", "2026-03-29T14:00Z", ["+2026-03-28T21:00Z", "-2026-03-29T05:00Z"] },
        { "Europe/Berlin", "Mon-Sun 01:00-03:00", "2026-10-24T12:00Z", "2026-10-25T14:00Z", ["+2026-10-24T23:00Z", "-2026-10-25T02:00Z"] },
        { "Europe/Berlin", "Mon-Sun 22:00-07:00", "2026-10-24T12:00Z", "2026-10-25T14:00Z", ["+2026-10-24T20:00Z", "-2026-10-25T06:00Z"] },
        { "America/New_York", "Sun 02:10-02:50", "2026-03-07T12:00Z", "2026-03-08T14:00Z", [] },
        { "America/New_York", "Sat 22:00-01:30", "2026-10-31T12:00Z", "2026-11-01T14:00Z", ["+2026-11-01T02:00Z", "-2026-11-01T06:30Z"] },
        { "Europe/Berlin", "Sat 22:00-02:30", "2026-10-24T12:00Z", "2026-10-25T14:00Z", ["+2026-10-24T20:00Z", "-2026-10-25T01:30Z"] },
    };

    /// <summary>Walks the clock minute by minute across each change: the window opens and closes exactly there, and
    /// while open, NextEnd is the instant it closes.</summary>
    [Theory]
    [MemberData(nameof(DstWalks))]
    public void Across_DST_changes_the_window_opens_and_closes_at_the_expected_instants(string zone, string window, string from, string to, string[] flips)
    {
        var w = WeeklyWindow.Parse(window);
        var tz = Zone(zone);
        var clock = new FakeTimeProvider(Utc(from));
        var seen = new List<string>();
        var open = false;
        var opens = new List<(DateTimeOffset At, DateTimeOffset? End)>();
        for (var now = clock.GetUtcNow(); now <= Utc(to); clock.Advance(TimeSpan.FromMinutes(1)), now = clock.GetUtcNow())
        {
            var contained = w.Contains(now, tz);
            if (contained != open)
            {
                seen.Add((contained ? "+" : "-") + now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture));
                open = contained;
            }
            if (contained)
            {
                opens.Add((now, w.NextEnd(now, tz)));
            }
        }
        Assert.Equal(flips, seen);
        var close = flips.Length == 2 ? Utc(flips[1][1..]) : (DateTimeOffset?)null;
        Assert.All(opens, o => Assert.Equal(close, o.End));
    }
}
