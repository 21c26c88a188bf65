using Suite.Reporting.Rendering;

namespace Suite.Reporting.Tests.Rendering;

public sealed class ColumnWidthsTests
{
    [Theory]
    // needed widths, room → widths
    [InlineData(new float[] { 50, 200, 40 }, 190f, new float[] { 50, 100, 40 })]            // only the long one is cut
    [InlineData(new float[] { 120, 200, 40 }, 200f, new float[] { 80, 80, 40 })]            // the two widest share a cap
    [InlineData(new float[] { 100, 100, 100 }, 150f, new float[] { 50, 50, 50 })]           // all alike: all shrink
    [InlineData(new float[] { 50, 60 }, 200f, new float[] { 50, 60 })]                      // fits: unchanged
    public void Only_the_widest_columns_give_up_width(float[] needed, float room, float[] expected)
    {
        var widths = ColumnWidths.CapWidest(needed, room);
        Assert.Equal(expected, widths);
        Assert.True(widths.Sum() <= room + 0.01f);
    }
}
