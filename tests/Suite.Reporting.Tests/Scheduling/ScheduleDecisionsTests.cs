using Suite.Reporting.Domain.Scheduling;

namespace Suite.Reporting.Tests.Scheduling;

public sealed class ScheduleDecisionsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    private static ReportSchedule Schedule(string cron, string zone, string catchUp = "once")
    {
        var (schedule, violations) = ReportSchedule.Parse(cron, zone, catchUp);
        Assert.Empty(violations);
        return schedule!;
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, null, System.Globalization.DateTimeStyles.AssumeUniversal);

    [Theory]
    // cron, zone, after (UTC) → next (UTC). DST in America/New_York 2026-03-08 / 2026-11-01 and Europe/Berlin 2026-03-29 / 2026-10-25.
    [InlineData("0 6 * * *", "America/New_York", "2026-03-07T11:00:00Z", "2026-03-08T10:00:00Z")]   // 06:00 EST → 06:00 EDT
    [InlineData("0 6 * * *", "America/New_York", "2026-10-31T10:00:00Z", "2026-11-01T11:00:00Z")]   // 06:00 EDT → 06:00 EST
    [InlineData("30 2 * * *", "America/New_York", "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z")]  // 02:30 does not exist: at 03:00 EDT
    [InlineData("30 2 * * *", "America/New_York", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")]
    [InlineData("30 1 * * *", "America/New_York", "2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z")]  // 01:30 happens twice: once, the first
    [InlineData("30 1 * * *", "America/New_York", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]  // not again at 01:30 EST
    [InlineData("0 6 * * *", "Europe/Berlin", "2026-03-28T05:00:00Z", "2026-03-29T04:00:00Z")]      // 06:00 CET → 06:00 CEST
    [InlineData("0 6 * * *", "Europe/Berlin", "2026-10-24T04:00:00Z", "2026-10-25T05:00:00Z")]      // 06:00 CEST → 06:00 CET
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z")]     // 02:30 does not exist: at 03:00 CEST
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z")]     // 02:30 twice: once, the first (CEST)
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("0 8 * * 1", "Europe/Berlin", "2026-03-27T00:00:00Z", "2026-03-30T06:00:00Z")]      // Monday 08:00 after the change
    [InlineData("0 6 1 * *", "America/New_York", "2026-10-15T00:00:00Z", "2026-11-01T11:00:00Z")]   // the 1st, on the day DST ends
    [InlineData("@daily", "UTC", "2026-12-04T17:00:00Z", "2026-12-05T00:00:00Z")]
    public void Next_run_is_the_local_time_across_dst(string cron, string zone, string after, string next)
    {
        var actual = ScheduleDecisions.NextAfter(Schedule(cron, zone), Utc(after));
        Assert.Equal(Utc(next), actual);
        Assert.Equal(TimeSpan.Zero, actual!.Value.Offset);   // UTC: what PostgreSQL's timestamptz takes
    }

    [Theory]
    // due (stored next run), now, policy → run for / catch-up / skipped / missed / next
    [InlineData("2026-03-08T10:00:00Z", "2026-03-08T09:59:59Z", "once", null, false, null, 0, "2026-03-08T10:00:00Z")]   // not yet
    [InlineData("2026-03-08T10:00:00Z", "2026-03-08T10:00:00Z", "once", "2026-03-08T10:00:00Z", false, null, 0, "2026-03-09T10:00:00Z")]
    [InlineData("2026-03-08T10:00:00Z", "2026-03-08T10:15:00Z", "skip", "2026-03-08T10:00:00Z", false, null, 0, "2026-03-09T10:00:00Z")] // within grace: on time
    [InlineData("2026-03-08T10:00:00Z", "2026-03-08T10:15:01Z", "once", "2026-03-08T10:00:00Z", true, null, 0, "2026-03-09T10:00:00Z")]   // late: caught up once
    [InlineData("2026-03-08T10:00:00Z", "2026-03-08T10:15:01Z", "skip", null, false, "2026-03-08T10:00:00Z", 0, "2026-03-09T10:00:00Z")]  // late: skipped
    [InlineData("2026-03-06T11:00:00Z", "2026-03-08T12:00:00Z", "once", "2026-03-08T10:00:00Z", true, null, 2, "2026-03-09T10:00:00Z")]   // down three days: the latest, once
    [InlineData("2026-03-06T11:00:00Z", "2026-03-08T10:05:00Z", "skip", "2026-03-08T10:00:00Z", false, null, 2, "2026-03-09T10:00:00Z")]  // back just in time for today's
    public void A_due_subscription_runs_once_for_the_latest_time(
        string due, string now, string policy, string? runFor, bool catchUp, string? skipped, int missed, string next)
    {
        var decision = ScheduleDecisions.Decide(Schedule("0 6 * * *", "America/New_York", policy), Utc(due), Utc(now), Grace);
        Assert.Equal(
            (runFor is null ? (DateTimeOffset?)null : Utc(runFor), catchUp, skipped is null ? (DateTimeOffset?)null : Utc(skipped), missed, (DateTimeOffset?)Utc(next)),
            (decision.RunFor, decision.CatchUp, decision.SkippedFor, decision.Missed, decision.NextRunAt));
    }

    [Theory]
    [InlineData("0 6 * * *", "America/New_York", "2026-03-08T10:00:00Z", "2026-03-07T11:00:00Z")]   // 23 hours across the change
    [InlineData("0 6 * * *", "America/New_York", "2026-11-01T11:00:00Z", "2026-10-31T10:00:00Z")]   // 25 hours
    [InlineData("0 8 * * 1", "Europe/Berlin", "2026-03-30T06:00:00Z", "2026-03-23T07:00:00Z")]
    [InlineData("0 6 1 * *", "UTC", "2026-03-01T06:00:00Z", "2026-02-01T06:00:00Z")]
    [InlineData("0 0 1 1 *", "UTC", "2027-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    public void The_period_of_a_run_starts_at_the_previous_scheduled_time(string cron, string zone, string at, string previous) =>
        Assert.Equal(Utc(previous), ScheduleDecisions.PreviousBefore(Schedule(cron, zone), Utc(at)));

    [Theory]
    [InlineData("", "UTC", "once", "cron", "is required (e.g. \"0 6 * * *\" for 06:00 every day)")]
    [InlineData("0 6 * *", "UTC", "once", "cron", "'0 6 * *' is not a five-field cron expression")]
    [InlineData("0 6 * * *", "Mars/Olympus", "once", "time_zone", "'Mars/Olympus' is not an IANA time zone")]
    [InlineData("0 6 * * *", "", "once", "time_zone", "is required")]
    [InlineData("0 6 * * *", "UTC", "always", "catch_up", "'always' must be once or skip")]
    public void Bad_schedules_name_the_field(string cron, string zone, string catchUp, string field, string message)
    {
        var (schedule, violations) = ReportSchedule.Parse(cron, zone, catchUp, "schedule.");
        Assert.Null(schedule);
        var violation = Assert.Single(violations);
        Assert.Equal("schedule." + field, violation.Field);
        Assert.StartsWith(message, violation.Description);
    }
}
