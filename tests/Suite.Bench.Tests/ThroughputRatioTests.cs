using Suite.IngestionBench;

namespace Suite.Bench.Tests;

/// <summary>The ingestion benchmark's headline ratio: each round against its own COPY, then the median of the pairs.</summary>
public class ThroughputRatioTests
{
    [Fact]
    public void Each_round_is_compared_with_the_copy_made_right_after_it()
    {
        // The VM slowed down during the run: rounds and copies fall together; each round meets its own COPY, not another's.
        var ratio = ThroughputRatio.Of([100_000, 80_000, 60_000], [125_000, 100_000, 75_000]);

        Assert.Equal([0.8, 0.8, 0.8], ratio.Paired.Select(p => Math.Round(p, 6)));
        Assert.Equal(0.8, ratio.Median, 6);
        Assert.Equal(0.8, ratio.MedianToMedian, 6);
        Assert.Equal(0.8, ratio.BestToBest, 6);
    }

    [Fact]
    public void The_median_pair_is_reported_not_the_ratio_of_medians()
    {
        // Round 2 ran fast against a slow copy; the medians of each side come from different moments.
        var ratio = ThroughputRatio.Of([60_000, 90_000, 70_000], [100_000, 90_000, 140_000]);

        Assert.Equal([0.6, 1.0, 0.5], ratio.Paired.Select(p => Math.Round(p, 6)));
        Assert.Equal(0.6, ratio.Median, 6);
        Assert.Equal(70_000 / 100_000.0, ratio.MedianToMedian, 6);
        Assert.Equal(90_000 / 140_000.0, ratio.BestToBest, 6);
    }

    [Theory]
    [InlineData(new double[] { 3 }, 3)]
    [InlineData(new double[] { 5, 1, 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 3)]   // even count: the upper middle, as the median round is picked
    public void The_median_is_the_middle_value(double[] values, double expected) =>
        Assert.Equal(expected, ThroughputRatio.MiddleOf(values));

    [Theory]
    [InlineData(new double[] { 1, 2 }, new double[] { 1 })]
    [InlineData(new double[] { }, new double[] { })]
    public void Rounds_without_one_copy_each_are_refused(double[] rounds, double[] copies) =>
        Assert.Throws<ArgumentException>(() => ThroughputRatio.Of(rounds, copies));
}
