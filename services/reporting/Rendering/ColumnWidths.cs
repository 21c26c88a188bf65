namespace Suite.Reporting.Rendering;

/// <summary>How a table too wide for the page gives up width (pure, so it is table-tested).</summary>
public static class ColumnWidths
{
    /// <summary>
    /// Widths that fit <paramref name="total"/> by narrowing only the widest columns to one common cap: numbers, dates
    /// and short codes stay whole, and only long texts (names) are cut.
    /// </summary>
    public static float[] CapWidest(float[] needed, float total)
    {
        var sorted = needed.OrderBy(w => w).ToArray();
        var below = 0f;
        for (var i = 0; i < sorted.Length; i++)
        {
            // Columns i.. all get the cap; it must be no wider than the narrowest of them.
            var cap = (total - below) / (sorted.Length - i);
            if (cap <= sorted[i])
            {
                return needed.Select(w => Math.Min(w, cap)).ToArray();
            }
            below += sorted[i];
        }
        return needed;
    }
}
