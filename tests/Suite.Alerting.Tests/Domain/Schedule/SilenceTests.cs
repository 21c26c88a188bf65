using Microsoft.Extensions.Time.Testing;
using Suite.Alerting.Domain.Labels;
using Suite.Alerting.Domain.Schedule;
using static Suite.Alerting.Tests.Domain.Schedule.Times;

namespace Suite.Alerting.Tests.Domain.Schedule;

public sealed class SilenceTests
{
    private static readonly Dictionary<string, string> OpsLabels = new() { ["team"] = "ops", ["env"] = "staging" };

    private static Silence OneOff(string matcher, string starts, string ends, string? expires = null) =>
        new("s1", [LabelMatcher.Parse(matcher)], new OneOffSchedule(Utc(starts), Utc(ends)), UtcOrNull(expires));

    private static Silence Weekends(string matcher, string zone = "Europe/Berlin", string? expires = null) =>
        new("weekends", [LabelMatcher.Parse(matcher)], new WeeklySchedule(zone, [WeeklyWindow.Parse("Sat,Sun 00:00-24:00")]), UtcOrNull(expires));

    [Theory]
    // one-off [10:00, 12:00), expiring at 11:00 or not
    [InlineData("2026-03-08T09:59Z", null, false)]
    [InlineData("2026-03-08T10:00Z", null, true)]
    [InlineData("2026-03-08T11:59Z", null, true)]
    [InlineData("2026-03-08T12:00Z", null, false)]
    [InlineData("2026-03-08T10:59Z", "2026-03-08T11:00Z", true)]
    [InlineData("2026-03-08T11:00Z", "2026-03-08T11:00Z", false)]   // expiry cuts it short
    public void One_off_silences_are_active_from_start_to_end(string now, string? expires, bool active)
    {
        var silence = OneOff("team=ops", "2026-03-08T10:00Z", "2026-03-08T12:00Z", expires);
        Assert.Equal(active, silence.IsActive(Utc(now)));
        Assert.Equal(active, silence.Matches(OpsLabels, Utc(now)));
    }

    [Theory]
    // Berlin weekend Sat 00:00 CEST → Mon 00:00 CET across the 2026-10-25 fall back: 49 hours.
    [InlineData("2026-10-23T21:59Z", false)]
    [InlineData("2026-10-23T22:00Z", true)]
    [InlineData("2026-10-25T01:30Z", true)]
    [InlineData("2026-10-25T22:59Z", true)]
    [InlineData("2026-10-25T23:00Z", false)]
    // and across the 2026-03-29 spring forward: Sat 00:00 CET → Mon 00:00 CEST, 47 hours.
    [InlineData("2026-03-27T22:59Z", false)]
    [InlineData("2026-03-27T23:00Z", true)]
    [InlineData("2026-03-29T21:59Z", true)]
    [InlineData("2026-03-29T22:00Z", false)]
    public void Weekly_silences_follow_the_local_calendar(string now, bool active)
    {
        var silence = Weekends("env=staging");
        Assert.Equal(active, silence.IsActive(Utc(now)));
        Assert.Equal(active, silence.Matches(OpsLabels, Utc(now)));
    }

    [Fact]
    public void A_weekly_silence_stops_at_its_expiry()
    {
        var silence = Weekends("env=staging", expires: "2026-10-24T10:00Z");
        var clock = new FakeTimeProvider(Utc("2026-10-24T09:59Z"));
        Assert.True(silence.IsActive(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(silence.IsActive(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.False(silence.IsActive(clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("team=ops", true)]
    [InlineData("team=db", false)]
    [InlineData("env=~stag.*", true)]
    [InlineData("env!=staging", false)]
    public void Active_silences_match_by_labels(string matcher, bool expected) =>
        Assert.Equal(expected, OneOff(matcher, "2026-03-08T10:00Z", "2026-03-08T12:00Z").Matches(OpsLabels, Utc("2026-03-08T11:00Z")));

    [Fact]
    public void All_matchers_must_match()
    {
        var silence = new Silence("s", [LabelMatcher.Parse("team=ops"), LabelMatcher.Parse("env=prod")],
            new OneOffSchedule(Utc("2026-03-08T10:00Z"), Utc("2026-03-08T12:00Z")));
        Assert.False(silence.Matches(OpsLabels, Utc("2026-03-08T11:00Z")));
    }

    [Theory]
    [InlineData("2026-03-08T11:00Z", "ops-now")]
    [InlineData("2026-03-08T12:30Z", "catch-all")]   // ops-now is over, ops-later has not begun
    [InlineData("2026-03-08T13:30Z", "ops-later")]   // catch-all ended at 13:00
    [InlineData("2026-03-08T15:00Z", null)]
    public void FirstMatching_returns_the_first_active_matching_silence(string now, string? expected)
    {
        Silence[] silences =
        [
            new("db", [LabelMatcher.Parse("team=db")], new OneOffSchedule(Utc("2026-03-08T00:00Z"), Utc("2026-03-09T00:00Z"))),
            new("ops-now", [LabelMatcher.Parse("team=ops")], new OneOffSchedule(Utc("2026-03-08T10:00Z"), Utc("2026-03-08T12:00Z"))),
            new("catch-all", [LabelMatcher.Parse("team=~.+")], new OneOffSchedule(Utc("2026-03-08T10:00Z"), Utc("2026-03-08T13:00Z"))),
            new("ops-later", [LabelMatcher.Parse("team=ops")], new OneOffSchedule(Utc("2026-03-08T13:00Z"), Utc("2026-03-08T14:00Z"))),
        ];
        Assert.Equal(expected, Silences.FirstMatching(silences, OpsLabels, Utc(now))?.Id);
    }

    [Fact]
    public void Valid_silences_have_no_errors()
    {
        Assert.Empty(OneOff("team=ops", "2026-03-08T10:00Z", "2026-03-08T12:00Z").Validate());
        Assert.Empty(Weekends("team=ops", "America/New_York").Validate());
    }

    public static TheoryData<string, Silence, string[]> Invalid => new()
    {
        { "no id", new Silence(" ", [LabelMatcher.Parse("team=ops")], new OneOffSchedule(Utc("2026-03-08T10:00Z"), Utc("2026-03-08T12:00Z"))),
            ["id: required"] },
        { "no matchers", new Silence("s", [], new OneOffSchedule(Utc("2026-03-08T10:00Z"), Utc("2026-03-08T12:00Z"))),
            ["matchers: at least one matcher is required"] },
        { "matches everything", new Silence("s", [LabelMatcher.Parse("team=~.*"), LabelMatcher.Parse("env!=prod")], new OneOffSchedule(Utc("2026-03-08T10:00Z"), Utc("2026-03-08T12:00Z"))),
            ["matchers: at least one matcher must not match the empty string"] },
        { "ends at start", OneOff("team=ops", "2026-03-08T10:00Z", "2026-03-08T10:00Z"),
            ["endsAt: must be after startsAt"] },
        { "expires before start", OneOff("team=ops", "2026-03-08T10:00Z", "2026-03-08T12:00Z", "2026-03-08T09:00Z"),
            ["expiresAt: must be after startsAt"] },
        { "unknown zone", Weekends("team=ops", "Mars/Olympus_Mons"),
            ["timeZone: unknown time zone 'Mars/Olympus_Mons'"] },
        { "no windows", new Silence("s", [LabelMatcher.Parse("team=ops")], new WeeklySchedule("Europe/Berlin", [])),
            ["windows: at least one window is required"] },
        { "overlapping windows", new Silence("s", [LabelMatcher.Parse("team=ops")], new WeeklySchedule("Europe/Berlin", [WeeklyWindow.Parse("Mon 09:00-12:00"), WeeklyWindow.Parse("Mon 11:00-13:00")])),
            ["windows[0] (Mon 09:00-12:00) and windows[1] (Mon 11:00-13:00) overlap on Mon"] },
        { "empty window", new Silence("s", [LabelMatcher.Parse("team=ops")], new WeeklySchedule("Europe/Berlin", [new WeeklyWindow(new HashSet<DayOfWeek> { DayOfWeek.Monday }, new TimeOnly(9, 0), new TimeOnly(9, 0))])),
            ["windows[0]: start equals end, the window is empty"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_silences_are_reported_by_field(string because, Silence silence, string[] expected) =>
        Assert.True(expected.SequenceEqual(silence.Validate()), $"{because}: got [{string.Join(" | ", silence.Validate())}]");

    [Fact]
    public void An_unvalidated_unknown_zone_throws_naming_the_field() =>
        Assert.StartsWith("timeZone: unknown time zone 'Mars/Olympus_Mons'",
            Assert.Throws<ArgumentException>(() => Weekends("team=ops", "Mars/Olympus_Mons").IsActive(Utc("2026-03-08T10:00Z"))).Message);
}
