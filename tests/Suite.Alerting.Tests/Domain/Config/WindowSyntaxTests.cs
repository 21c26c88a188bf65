using Suite.Alerting.Configuration.Yaml;

namespace Suite.Alerting.Tests.Domain.Config;

public sealed class WindowSyntaxTests
{
    [Theory]
    [InlineData("Mon-Fri 22:00-07:00", "Monday,Tuesday,Wednesday,Thursday,Friday", "22:00", "07:00")]
    [InlineData("Sat,Sun 00:00-24:00", "Saturday,Sunday", "00:00", "1.00:00")]
    [InlineData("Fri-Mon 20:00-08:00", "Monday,Friday,Saturday,Sunday", "20:00", "08:00")]
    [InlineData("mon,WED-fri 9:00-17:30", "Monday,Wednesday,Thursday,Friday", "09:00", "17:30")]
    [InlineData("Sun 02:00-04:00", "Sunday", "02:00", "04:00")]
    [InlineData("22:00-07:00", "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday", "22:00", "07:00")]
    [InlineData("  Tue , Thu   10:00 - 11:00 ", "Tuesday,Thursday", "10:00", "11:00")]
    public void Parses_weekday_windows(string text, string days, string start, string end)
    {
        var window = WindowSyntax.Parse(text);
        Assert.Equal(days, string.Join(",", window.Days));
        Assert.Equal(TimeSpan.Parse(start, System.Globalization.CultureInfo.InvariantCulture), window.Start);
        Assert.Equal(TimeSpan.Parse(end, System.Globalization.CultureInfo.InvariantCulture), window.End);
    }

    [Theory]
    [InlineData("Mon-Fri", "'Mon-Fri' is not a window (use e.g. \"Mon-Fri 22:00-07:00\" or \"Sat,Sun 00:00-24:00\")")]
    [InlineData("Mon 22:00", "'Mon 22:00' is not a window (use e.g. \"Mon-Fri 22:00-07:00\" or \"Sat,Sun 00:00-24:00\")")]
    [InlineData("Mon 10-11", "'Mon 10-11' is not a window (use e.g. \"Mon-Fri 22:00-07:00\" or \"Sat,Sun 00:00-24:00\")")]
    [InlineData("Funday 10:00-11:00", "'Funday 10:00-11:00': 'Funday' is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)")]
    [InlineData("Mon,Mon 10:00-11:00", "'Mon,Mon 10:00-11:00': Mon is listed twice")]
    [InlineData("Mon-Wed,Tue 10:00-11:00", "'Mon-Wed,Tue 10:00-11:00': Tue is listed twice")]
    [InlineData("Mon 24:00-01:00", "'Mon 24:00-01:00': 24:00 is only allowed as the end of a window")]
    [InlineData("Mon 10:60-11:00", "'Mon 10:60-11:00': '10:60' is not a time of day (00:00 to 23:59, or 24:00 as the end)")]
    [InlineData("Mon 10:00-24:30", "'Mon 10:00-24:30': '24:30' is not a time of day (00:00 to 23:59, or 24:00 as the end)")]
    [InlineData(" ", "empty window (use e.g. \"Mon-Fri 22:00-07:00\")")]
    public void Rejects_bad_windows_with_the_reason(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => WindowSyntax.Parse(text)).Message);
        Assert.False(WindowSyntax.TryParse(text, out _));
    }

    [Theory]
    [InlineData("Mon 22:00-07:00", 9 * 60)]
    [InlineData("Mon 09:00-17:30", 8 * 60 + 30)]
    [InlineData("Mon 00:00-24:00", 24 * 60)]
    [InlineData("Mon 07:00-07:00", 24 * 60)] // the length of an empty window is meaningless: IsEmpty says so
    public void Length_of_one_opening(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), WindowSyntax.Parse(text).Length);

    [Theory]
    [InlineData("Mon 07:00-07:00", true)]
    [InlineData("Mon 00:00-24:00", false)]
    [InlineData("Mon 00:00-00:00", true)]
    public void Start_equal_to_end_is_empty(string text, bool empty) =>
        Assert.Equal(empty, WindowSyntax.Parse(text).IsEmpty);

    [Theory]
    [InlineData("Mon-Fri 22:00-07:00", "Sat 06:00-08:00", true)]   // Friday night runs into Saturday morning
    [InlineData("Mon-Fri 22:00-07:00", "Sat 07:00-09:00", false)]  // touching is not overlapping
    [InlineData("Mon-Fri 09:00-17:00", "Mon 17:00-18:00", false)]
    [InlineData("Mon-Fri 09:00-17:00", "Wed 16:59-18:00", true)]
    [InlineData("Sun 23:00-01:00", "Mon 00:30-02:00", true)]       // wraps past the end of the week
    [InlineData("Sun 23:00-01:00", "Mon 01:00-02:00", false)]
    [InlineData("Sat,Sun 00:00-24:00", "Mon-Fri 00:00-24:00", false)]
    [InlineData("22:00-07:00", "Thu 12:00-13:00", false)]
    [InlineData("22:00-07:00", "Thu 06:00-06:30", true)]
    [InlineData("Mon 10:00-10:00", "Mon 09:00-11:00", false)]      // an empty window covers nothing
    public void Overlap_is_symmetric_and_minute_exact(string a, string b, bool overlaps)
    {
        Assert.Equal(overlaps, WindowSyntax.Parse(a).Overlaps(WindowSyntax.Parse(b)));
        Assert.Equal(overlaps, WindowSyntax.Parse(b).Overlaps(WindowSyntax.Parse(a)));
    }

    [Fact]
    public void Week_ranges_split_at_sunday_midnight() =>
        Assert.Equal(
            [(6 * 1440 + 23 * 60, WeekdayWindow.MinutesPerWeek), (0, 60)],
            WindowSyntax.Parse("Sun 23:00-01:00").WeekRanges().ToList());
}
