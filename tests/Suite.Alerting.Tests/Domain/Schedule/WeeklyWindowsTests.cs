using Suite.Alerting.Domain.Schedule;

namespace Suite.Alerting.Tests.Domain.Schedule;

public sealed class WeeklyWindowsTests
{
    private static WeeklyWindow W(string text) => WeeklyWindow.Parse(text);

    public static TheoryData<string, WeeklyWindow[], string[]> Cases => new()
    {
        { "chained, touching", [W("Mon-Thu 22:00-07:00"), W("Fri 22:00-24:00"), W("Sat,Sun 00:00-24:00"), W("Mon 00:00-07:00")], [] },
        { "every day touches the next", [W("Mon-Sun 00:00-24:00")], [] },
        { "Friday night runs into Saturday", [W("Mon-Fri 22:00-07:00"), W("Sat,Sun 00:00-24:00")],
            ["windows[0] (Mon-Fri 22:00-07:00) and windows[1] (Sat,Sun 00:00-24:00) overlap on Sat"] },
        { "Sunday night wraps into Monday", [W("Sun 22:00-07:00"), W("Mon 06:00-08:00")],
            ["windows[0] (Sun 22:00-07:00) and windows[1] (Mon 06:00-08:00) overlap on Mon"] },
        { "Monday wraps back to Sunday", [W("Mon 06:00-08:00"), W("Sun 22:00-07:00")],
            ["windows[0] (Mon 06:00-08:00) and windows[1] (Sun 22:00-07:00) overlap on Mon"] },
        { "each pair once", [W("Mon 01:00-03:00"), W("Mon 02:00-04:00"), W("Mon 03:00-05:00")],
            ["windows[0] (Mon 01:00-03:00) and windows[1] (Mon 02:00-04:00) overlap on Mon",
             "windows[1] (Mon 02:00-04:00) and windows[2] (Mon 03:00-05:00) overlap on Mon"] },
        { "no days", [new WeeklyWindow(new HashSet<DayOfWeek>(), new TimeOnly(1, 0), new TimeOnly(2, 0))], ["windows[0]: no days"] },
        { "empty", [new WeeklyWindow(new HashSet<DayOfWeek> { DayOfWeek.Monday }, new TimeOnly(5, 0), new TimeOnly(5, 0))],
            ["windows[0]: start equals end, the window is empty"] },
        { "an empty window overlaps nothing", [W("Mon 00:00-24:00"), new WeeklyWindow(new HashSet<DayOfWeek> { DayOfWeek.Monday }, new TimeOnly(5, 0), new TimeOnly(5, 0))],
            ["windows[1]: start equals end, the window is empty"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_empty_and_overlapping_windows(string because, WeeklyWindow[] windows, string[] expected)
    {
        Assert.True(expected.SequenceEqual(WeeklyWindows.Validate(windows)),
            $"{because}: got [{string.Join(" | ", WeeklyWindows.Validate(windows))}]");
    }

    [Theory]
    [InlineData(true, "Mon-Sun 00:00-24:00")]
    [InlineData(true, "Mon-Sun 22:00-07:00", "Mon-Sun 07:00-22:00")]
    [InlineData(false, "Mon-Sun 22:00-07:00", "Mon-Sun 07:00-21:59")]
    [InlineData(false, "Mon-Sat 00:00-24:00")]
    public void Knows_when_windows_cover_the_whole_week(bool expected, params string[] windows) =>
        Assert.Equal(expected, WeeklyWindows.CoverWholeWeek(windows.Select(W).ToList()));
}
