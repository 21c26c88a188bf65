using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class TwoProportionZTestTests
{
    // Reference values computed by hand: p̂ = (x1 + x2)/(n1 + n2), se = √(p̂(1−p̂)(1/n1 + 1/n2)), z = (p1 − p2)/se, p = 2(1 − Φ(|z|)).
    [Theory]
    [InlineData(200, 1000, 150, 1000, 2.94245, 0.0032563)]
    [InlineData(150, 1000, 200, 1000, -2.94245, 0.0032563)]
    [InlineData(45, 100, 40, 100, 0.71520, 0.474486)]
    [InlineData(30, 60, 30, 60, 0.0, 1.0)]
    public void Matches_hand_computed_values(long x1, long n1, long x2, long n2, double z, double p)
    {
        var result = TwoProportionZTest.Run(x1, n1, x2, n2)!;
        Assert.Equal(z, result.Z, 4);
        Assert.Equal(p, result.PValue, 5);
        Assert.Equal((double)x1 / n1, result.P1, 12);
        Assert.Equal((double)x2 / n2, result.P2, 12);
    }

    [Theory]
    [InlineData(0, 0, 5, 10)]     // an empty group
    [InlineData(5, 10, 0, 0)]
    [InlineData(0, 10, 0, 10)]    // pooled rate 0: no variance
    [InlineData(10, 10, 10, 10)]  // pooled rate 1
    [InlineData(11, 10, 1, 10)]   // more successes than trials
    [InlineData(-1, 10, 1, 10)]
    public void Is_undefined_without_variance_or_with_impossible_counts(long x1, long n1, long x2, long n2) =>
        Assert.Null(TwoProportionZTest.Run(x1, n1, x2, n2));

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959964, 0.975)]
    [InlineData(-1.959964, 0.025)]
    [InlineData(3.0, 0.998650)]
    public void Normal_cdf_is_accurate(double x, double expected) => Assert.Equal(expected, TwoProportionZTest.NormalCdf(x), 5);

    [Fact]
    public void Significance_uses_the_p_value() =>
        Assert.Equal((true, false), (TwoProportionZTest.Run(200, 1000, 150, 1000)!.SignificantAt(0.05), TwoProportionZTest.Run(45, 100, 40, 100)!.SignificantAt(0.05)));
}
