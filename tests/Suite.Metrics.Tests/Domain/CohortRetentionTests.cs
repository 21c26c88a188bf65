using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class CohortRetentionTests
{
    private static readonly DateOnly D = new(2025, 3, 5); // a Wednesday

    [Theory]
    [InlineData("2025-03-05", CohortPeriod.Week, "2025-03-03")]
    [InlineData("2025-03-03", CohortPeriod.Week, "2025-03-03")]
    [InlineData("2025-03-09", CohortPeriod.Week, "2025-03-03")] // Sunday ends the ISO week
    [InlineData("2025-01-01", CohortPeriod.Week, "2024-12-30")]
    [InlineData("2025-03-31", CohortPeriod.Month, "2025-03-01")]
    public void Period_start_is_the_monday_or_the_first(string day, CohortPeriod period, string start) =>
        Assert.Equal(DateOnly.Parse(start), CohortRetention.PeriodStart(DateOnly.Parse(day), period));

    [Theory]
    // active days as offsets from signup; offset; mode; retained?
    [InlineData(new[] { 0, 7 }, 7, RetentionKind.NDay, true)]
    [InlineData(new[] { 0, 8 }, 7, RetentionKind.NDay, false)]
    [InlineData(new[] { 0, 8 }, 7, RetentionKind.Unbounded, true)]
    [InlineData(new[] { 0, 6 }, 7, RetentionKind.Unbounded, false)]
    [InlineData(new[] { 0 }, 0, RetentionKind.NDay, true)]
    public void Member_retention_follows_the_mode(int[] activeOffsets, int offset, RetentionKind kind, bool retained)
    {
        var member = new CohortMember("u", D, activeOffsets.Select(o => D.AddDays(o)).ToHashSet());
        Assert.Equal(retained, CohortRetention.IsRetained(member, offset, kind));
    }

    [Fact]
    public void Cohorts_count_members_and_leave_unreachable_offsets_absent()
    {
        CohortMember M(string id, DateOnly signup, params int[] active) => new(id, signup, active.Select(o => signup.AddDays(o)).ToHashSet());
        var members = new[]
        {
            M("a", D, 0, 1, 7), M("b", D.AddDays(1), 0, 7), M("c", D.AddDays(-2), 0, 1),  // week of 2025-03-03
            M("d", D.AddDays(7), 0, 1),                                                  // week of 2025-03-10
        };
        var today = D.AddDays(9); // 2025-03-14: day 7 of b (03-13) is over, day 7 of d (03-19) is not

        var cohorts = CohortRetention.Compute(members, CohortPeriod.Week, [1, 7], RetentionKind.NDay, today);

        Assert.Equal(
            [new Cohort(new DateOnly(2025, 3, 3), 3, [new(1, 2, 2 / 3.0), new(7, 2, 2 / 3.0)]),
             new Cohort(new DateOnly(2025, 3, 10), 1, [new(1, 1, 1.0), new(7, null, null)])],
            cohorts, new CohortComparer());
    }

    private sealed class CohortComparer : IEqualityComparer<Cohort>
    {
        public bool Equals(Cohort? x, Cohort? y) => x!.Start == y!.Start && x.Size == y.Size && x.Offsets.SequenceEqual(y.Offsets);
        public int GetHashCode(Cohort obj) => obj.Start.GetHashCode();
    }
}
