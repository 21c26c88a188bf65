namespace Suite.Metrics.Domain;

public enum CohortPeriod { Week, Month }

public enum RetentionKind { NDay, Unbounded }

/// <summary>A user's signup day and the UTC days they were active (daily_users).</summary>
public sealed record CohortMember(string UserId, DateOnly Signup, IReadOnlySet<DateOnly> ActiveDays);

/// <summary>Retained users at one offset; null when the offset is not reachable yet.</summary>
public sealed record OffsetRetention(int DayOffset, long? Retained, double? Rate);

public sealed record Cohort(DateOnly Start, long Size, IReadOnlyList<OffsetRetention> Offsets);

/// <summary>
/// Cohort retention, pure. Cohort = the UTC ISO week (Monday) or month of the signup day. For offset N and a member
/// with signup day d: N_DAY retains the member when active on day d + N exactly; UNBOUNDED when active on d + N or
/// any later day. An offset is reachable for a cohort when d + N is over (before today, UTC) for its latest member.
/// </summary>
public static class CohortRetention
{
    public static DateOnly PeriodStart(DateOnly day, CohortPeriod period) => period switch
    {
        CohortPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        CohortPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    public static bool IsRetained(CohortMember member, int offset, RetentionKind kind)
    {
        var day = member.Signup.AddDays(offset);
        return kind == RetentionKind.NDay ? member.ActiveDays.Contains(day) : member.ActiveDays.Any(d => d >= day);
    }

    public static IReadOnlyList<Cohort> Compute(IEnumerable<CohortMember> members, CohortPeriod period, IReadOnlyList<int> offsets, RetentionKind kind, DateOnly today) =>
        members
            .GroupBy(m => PeriodStart(m.Signup, period))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var list = g.ToList();
                var latest = list.Max(m => m.Signup);
                var results = offsets.Select(n =>
                {
                    if (latest.AddDays(n) >= today)
                    {
                        return new OffsetRetention(n, null, null);
                    }
                    long retained = list.Count(m => IsRetained(m, n, kind));
                    return new OffsetRetention(n, retained, (double)retained / list.Count);
                }).ToList();
                return new Cohort(g.Key, list.Count, results);
            })
            .ToList();
}
