namespace Suite.Metrics.Domain;

/// <summary>
/// Incremental WAU/MAU: a user active on day a counts for every day in [a, a + w − 1]. When new active days arrive,
/// the days a user newly covers (coverage of all days minus coverage of the old ones) each gain one user. Pure; the
/// consumer feeds it the user's active days around the new ones and adds the result to daily_window_counts.
/// </summary>
public static class ActiveWindows
{
    /// <summary>The windows kept per day: WAU and MAU (also stickiness' and the active user ratio's).</summary>
    public static readonly int[] Kept = [7, 30];

    /// <param name="known">The user's active days before the new ones (at least those within w − 1 days of a new one).</param>
    /// <param name="added">Days not in <paramref name="known"/>.</param>
    /// <returns>The days whose window count gains this user, ascending.</returns>
    public static IReadOnlyList<DateOnly> NewlyCovered(IReadOnlyCollection<DateOnly> known, IReadOnlyCollection<DateOnly> added, int window)
    {
        var before = new HashSet<DateOnly>(known);
        var covered = new SortedSet<DateOnly>();
        foreach (var day in added)
        {
            for (var d = day; d <= day.AddDays(window - 1); d = d.AddDays(1))
            {
                covered.Add(d);
            }
        }
        // A day D is already covered when some known active day lies in [D − w + 1, D].
        covered.RemoveWhere(d =>
        {
            for (var back = 0; back < window; back++)
            {
                if (before.Contains(d.AddDays(-back)))
                {
                    return true;
                }
            }
            return false;
        });
        return [.. covered];
    }
}
