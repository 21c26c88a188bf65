using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class EtlPlanTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("2026-11-20", "2026-11-22", "2026-11-20,2026-11-21,2026-11-22", "")]
    [InlineData("2026-11-23", "2026-11-23", "2026-11-23", "")]
    [InlineData("2025-11-22", "2026-11-23", "", "to_date")]               // 367 days
    [InlineData("2025-11-23", "2026-11-23", null, "")]                    // exactly 366 days: ok
    [InlineData("2026-11-22", "2026-11-21", "", "to_date")]
    [InlineData("2026-11-22", "2026-11-24", "", "to_date")]               // the future
    [InlineData("22.11.2026", "2026-11-22", "", "from_date")]
    [InlineData("", "", "", "from_date,to_date")]
    public void Run_days_are_validated(string from, string to, string? days, string fields)
    {
        var (result, violations) = EtlPlan.RunDays(from, to, Today);
        Assert.Equal(fields, string.Join(",", violations.Select(v => v.Field)));
        if (days is not null)
        {
            Assert.Equal(days, string.Join(",", result.Select(EtlPlan.Format)));
        }
    }

    [Theory]
    [InlineData(0, 7, "2026-11-16", "")]
    [InlineData(1, 1, "2026-11-22", "")]
    [InlineData(366, 366, "2025-11-22", "")]
    [InlineData(367, 0, "", "days")]
    [InlineData(-1, 0, "", "days")]
    public void Status_days_end_yesterday(int requested, int count, string first, string field)
    {
        var (days, violations) = EtlPlan.StatusDays(requested, Today);
        Assert.Equal(field, string.Join(",", violations.Select(v => v.Field)));
        Assert.Equal(count, days.Count);
        if (count > 0)
        {
            Assert.Equal(first, EtlPlan.Format(days[0]));
            Assert.Equal(Today.AddDays(-1), days[^1]);
        }
    }

    [Theory]
    // statuses of the last 4 days oldest first (S = succeeded, F = failed, - = never ran), days the nightly run does
    [InlineData("SSSS", "2026-11-22")]
    [InlineData("----", "2026-11-19,2026-11-20,2026-11-21,2026-11-22")]
    [InlineData("SFS-", "2026-11-20,2026-11-22")]
    [InlineData("F-SS", "2026-11-19,2026-11-20,2026-11-22")]
    public void Nightly_run_redoes_yesterday_and_catches_up_missing_or_failed_days(string statuses, string expected)
    {
        var runs = new Dictionary<DateOnly, EtlDayStatus>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var day = Today.AddDays(i - statuses.Length);
            if (statuses[i] != '-')
            {
                runs[day] = new EtlDayStatus(day, statuses[i] == 'S' ? EtlStatus.Succeeded : EtlStatus.Failed, 1, 1, null, DateTimeOffset.UnixEpoch);
            }
        }
        Assert.Equal(expected, string.Join(",", EtlPlan.NightlyDays(Today, statuses.Length, runs).Select(EtlPlan.Format)));
        Assert.Equal(statuses.Count(c => c == '-'), EtlPlan.Statuses(EtlPlan.Range(Today.AddDays(-statuses.Length), Today.AddDays(-1)), runs).Count(s => s.Status == EtlStatus.Missing));
    }
}
