using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class ActiveWindowsTests
{
    private static readonly DateOnly D = new(2025, 3, 10);

    private static DateOnly[] Days(params int[] offsets) => [.. offsets.Select(o => D.AddDays(o))];

    [Theory]
    //          known          added       window  newly covered (offsets from D)
    [InlineData(new int[0], new[] { 0 }, 7, new[] { 0, 1, 2, 3, 4, 5, 6 })]          // a first day covers a whole window
    [InlineData(new[] { 0 }, new[] { 2 }, 7, new[] { 7, 8 })]                       // overlaps: only the tail is new
    [InlineData(new[] { 2 }, new[] { 0 }, 7, new[] { 0, 1 })]                       // late event: only the head is new
    [InlineData(new[] { 0 }, new[] { 7 }, 7, new[] { 7, 8, 9, 10, 11, 12, 13 })]    // adjacent windows, no overlap
    [InlineData(new[] { 0, 10 }, new[] { 5 }, 7, new[] { 7, 8, 9 })]               // between two known days
    [InlineData(new int[0], new[] { 0, 1 }, 3, new[] { 0, 1, 2, 3 })]             // two new days at once
    [InlineData(new[] { -29 }, new[] { 0 }, 30, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29 })]
    public void Adds_the_days_the_new_activity_covers_for_the_first_time(int[] known, int[] added, int window, int[] expected) =>
        Assert.Equal(Days(expected), ActiveWindows.NewlyCovered(Days(known), Days(added), window));

    [Fact]
    public void Adding_days_one_by_one_or_at_once_gives_the_same_counts()
    {
        var rng = new Random(5);
        var days = Enumerable.Range(0, 40).Where(_ => rng.Next(3) == 0).Select(o => D.AddDays(o)).OrderBy(_ => rng.Next()).ToList();
        var oneByOne = new List<DateOnly>();
        var seen = new List<DateOnly>();
        foreach (var day in days)
        {
            oneByOne.AddRange(ActiveWindows.NewlyCovered(seen, [day], 7));
            seen.Add(day);
        }
        var atOnce = ActiveWindows.NewlyCovered([], days, 7);
        Assert.Equal(atOnce, oneByOne.Order());                                   // each covered day counted exactly once
        Assert.Equal(days.SelectMany(d => Enumerable.Range(0, 7).Select(d.AddDays)).Distinct().Order(), atOnce);
    }
}
