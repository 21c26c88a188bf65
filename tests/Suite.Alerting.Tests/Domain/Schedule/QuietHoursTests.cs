using Microsoft.Extensions.Time.Testing;
using Suite.Alerting.Domain.Schedule;
using static Suite.Alerting.Tests.Domain.Schedule.Times;

namespace Suite.Alerting.Tests.Domain.Schedule;

public sealed class QuietHoursTests
{
    // Weeknights and the whole weekend, chained back to back: Fri 22:00 → Mon 07:00 is one stretch of quiet.
    private static readonly QuietHours NewYorkNights = new(
        NewYork,
        [
            WeeklyWindow.Parse("Mon-Thu 22:00-07:00"),
            WeeklyWindow.Parse("Fri 22:00-24:00"),
            WeeklyWindow.Parse("Sat,Sun 00:00-24:00"),
            WeeklyWindow.Parse("Mon 00:00-07:00"),
        ],
        new HashSet<string> { "critical" });

    [Theory]
    // severity, now (UTC), held until (UTC) or null = deliver now
    [InlineData("warning", "2026-03-07T02:59Z", null)]                  // Fri 21:59 EST
    [InlineData("warning", "2026-03-07T03:00Z", "2026-03-09T11:00Z")]   // Fri 22:00 EST → Mon 07:00 EDT, across the DST change
    [InlineData("critical", "2026-03-07T03:00Z", null)]                 // bypasses quiet hours
    [InlineData("CRITICAL", "2026-03-07T03:00Z", null)]                 // severities compare ignoring case
    [InlineData("warning", "2026-03-08T07:00Z", "2026-03-09T11:00Z")]   // Sun 03:00 EDT, just after the gap
    [InlineData("warning", "2026-03-09T10:59Z", "2026-03-09T11:00Z")]
    [InlineData("warning", "2026-03-09T11:00Z", null)]                  // Mon 07:00 EDT: the end is exclusive
    [InlineData("info", "2026-03-11T03:00Z", "2026-03-11T11:00Z")]      // Tue 23:00 EDT → Wed 07:00 EDT
    [InlineData("info", "2026-03-11T16:00Z", null)]                     // Wed noon
    [InlineData("warning", "2026-10-31T02:30Z", "2026-11-02T12:00Z")]   // Fri 22:30 EDT → Mon 07:00 EST, across fall back
    public void Holds_until_the_quiet_hours_end(string severity, string now, string? until)
    {
        var decision = NewYorkNights.Decide(Utc(now), severity);
        Assert.Equal(UtcOrNull(until), decision.HoldUntil);
        Assert.Equal(until is null, decision.DeliverNow);
    }

    [Theory]
    // Berlin around both changes with one window a night.
    [InlineData("2026-03-28T20:59Z", null)]
    [InlineData("2026-03-28T21:00Z", "2026-03-29T05:00Z")]   // Sat 22:00 CET → Sun 07:00 CEST: 8 h
    [InlineData("2026-03-29T04:59Z", "2026-03-29T05:00Z")]
    [InlineData("2026-10-24T20:00Z", "2026-10-25T06:00Z")]   // Sat 22:00 CEST → Sun 07:00 CET: 10 h
    [InlineData("2026-10-25T01:30Z", "2026-10-25T06:00Z")]   // 02:30 CET, the second time round
    [InlineData("2026-10-25T06:00Z", null)]
    public void Berlin_nights_across_DST(string now, string? until)
    {
        var quiet = new QuietHours(Berlin, [WeeklyWindow.Parse("Mon-Sun 22:00-07:00")], new HashSet<string>());
        Assert.Equal(UtcOrNull(until), quiet.Decide(Utc(now), "warning").HoldUntil);
        Assert.Equal(until is not null, quiet.IsQuiet(Utc(now)));
    }

    [Fact]
    public void Overlapping_windows_hold_until_the_later_end()
    {
        var quiet = new QuietHours(Berlin, [WeeklyWindow.Parse("Mon 22:00-02:00"), WeeklyWindow.Parse("Mon 23:00-06:00")], new HashSet<string>());
        // Mon 2026-06-01 23:30 CEST: both windows contain it.
        Assert.Equal(Utc("2026-06-02T04:00Z"), quiet.Decide(Utc("2026-06-01T21:30Z"), "warning").HoldUntil);
    }

    [Fact]
    public void A_clock_walking_into_quiet_hours_holds_then_delivers()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-07T02:59Z"));   // Fri 21:59 EST
        Assert.True(NewYorkNights.Decide(clock.GetUtcNow(), "warning").DeliverNow);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(QuietDecision.Hold(Utc("2026-03-09T11:00Z")), NewYorkNights.Decide(clock.GetUtcNow(), "warning"));

        clock.Advance(TimeSpan.FromHours(56) - TimeSpan.FromMinutes(1));   // 23 + 24 + 8 h of wall clock, one lost to DST
        Assert.Equal(Utc("2026-03-09T10:59Z"), clock.GetUtcNow());
        Assert.False(NewYorkNights.Decide(clock.GetUtcNow(), "warning").DeliverNow);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(QuietDecision.Deliver, NewYorkNights.Decide(clock.GetUtcNow(), "warning"));
    }

    [Fact]
    public void Valid_quiet_hours_have_no_errors() => Assert.Empty(NewYorkNights.Validate());

    [Fact]
    public void Quiet_hours_covering_the_whole_week_are_rejected_and_never_end()
    {
        var always = new QuietHours(NewYork, [WeeklyWindow.Parse("Mon-Sun 00:00-24:00")], new HashSet<string> { "critical" });
        Assert.Equal(["windows: quiet hours cover the whole week, only bypass severities would ever be delivered"], always.Validate());
        Assert.Throws<InvalidOperationException>(() => always.Decide(Utc("2026-03-08T12:00Z"), "warning"));
        Assert.True(always.Decide(Utc("2026-03-08T12:00Z"), "critical").DeliverNow);
    }

    [Fact]
    public void Window_errors_are_reported()
    {
        var quiet = new QuietHours(NewYork, [WeeklyWindow.Parse("Mon-Fri 22:00-07:00"), WeeklyWindow.Parse("Sat,Sun 00:00-24:00")], new HashSet<string>());
        Assert.Equal(["windows[0] (Mon-Fri 22:00-07:00) and windows[1] (Sat,Sun 00:00-24:00) overlap on Sat"], quiet.Validate());
    }
}
