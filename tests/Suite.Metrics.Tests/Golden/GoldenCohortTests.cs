using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Metrics.V1;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>GetCohortRetention compared exactly with plain LINQ over the raw events (signup = first event of a user).</summary>
[Collection(InfraCollection.Name)]
public class GoldenCohortTests(ActivityHost activity) : IClassFixture<ActivityHost>
{
    private static readonly DateTimeOffset S = ActivityEvents.Start;

    [Theory]
    [InlineData(CohortGranularity.Week, RetentionMode.NDay, 0, 40)]
    [InlineData(CohortGranularity.Week, RetentionMode.Unbounded, 0, 40)]
    [InlineData(CohortGranularity.Month, RetentionMode.NDay, 0, 40)]
    [InlineData(CohortGranularity.Month, RetentionMode.Unbounded, 3, 30)]
    public async Task Cohorts_match_the_raw_events(CohortGranularity granularity, RetentionMode mode, int fromDay, int toDay)
    {
        int[] offsets = [1, 3, 7, 14, 30];
        var (from, to) = (S.AddDays(fromDay).AddHours(6), S.AddDays(toDay));
        var request = new GetCohortRetentionRequest
        {
            CohortGranularity = granularity, Mode = mode, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to),
        };
        request.DayOffsets.AddRange(offsets);
        var response = await activity.Host.Client.GetCohortRetentionAsync(request, activity.Host.AuthFor(activity.Tenant));

        // Independent computation: per user the first event and the set of active UTC days.
        var users = activity.Events.Where(e => e.UserId is not null).GroupBy(e => e.UserId!)
            .Select(g => (Signup: g.Min(e => e.OccurredAt), Days: g.Select(e => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime)).ToHashSet()))
            .Where(u => u.Signup >= from && u.Signup < to)
            .ToList();
        var today = DateOnly.FromDateTime(ActivityHost.Now.UtcDateTime);
        var expected = users
            .GroupBy(u =>
            {
                var d = DateOnly.FromDateTime(u.Signup.UtcDateTime);
                return granularity == CohortGranularity.Month ? new DateOnly(d.Year, d.Month, 1) : d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
            })
            .OrderBy(g => g.Key)
            .Select(g => (Start: g.Key.ToString("yyyy-MM-dd"), Size: (long)g.Count(), Offsets: offsets.Select(n =>
            {
                if (g.Max(u => DateOnly.FromDateTime(u.Signup.UtcDateTime)).AddDays(n) >= today)
                {
                    return (n, (long?)null, (double?)null);
                }
                long retained = g.Count(u =>
                {
                    var day = DateOnly.FromDateTime(u.Signup.UtcDateTime).AddDays(n);
                    return mode == RetentionMode.NDay ? u.Days.Contains(day) : u.Days.Any(d => d >= day);
                });
                return (n, (long?)retained, (double?)retained / g.Count());
            }).ToList()))
            .ToList();

        var actual = response.Cohorts.Select(c => (Start: c.CohortStart, c.Size, Offsets: c.Offsets
            .Select(o => (o.DayOffset, o.HasRetained ? o.Retained : (long?)null, o.HasRate ? o.Rate : (double?)null)).ToList())).ToList();
        Assert.Equal(expected.Select(e => (e.Start, e.Size)), actual.Select(a => (a.Start, a.Size)));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Offsets, actual[i].Offsets);
        }
        // The data really exercises the rule: some retained, some not reachable yet.
        Assert.Contains(actual, c => c.Offsets.Any(o => o.Item2 > 0));
        Assert.Contains(actual, c => c.Offsets.Any(o => o.Item2 is null));
    }
}
