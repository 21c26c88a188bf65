using MathNet.Numerics.Distributions;
using Suite.Predictions.Analytics;

namespace Suite.Predictions.Tests.Analytics;

public class LogisticGrowthTests
{
    public static TheoryData<double, double, double, double, double> KnownValues => new()
    {
        // At the midpoint the curve is at half its level.
        { 100, 1, 0, 0, 50 },
        { 1_000, 0.5, 10, 10, 500 },
        // e^(−ln 3) = 1/3: 100 / (1 + 1/3) = 75, and e^(ln 3) = 3: 100 / (1 + 3) = 25.
        { 100, 1, 0, Math.Log(3), 75 },
        { 100, 1, 0, -Math.Log(3), 25 },
        // k(t − t0) = ln 9: 200 / (1 + 1/9) = 180.
        { 200, 2, 5, 5 + Math.Log(9) / 2, 180 },
        // Far from the midpoint: close to 0 and to L, without overflow.
        { 100, 1, 0, -1_000, 0 },
        { 100, 1, 0, 1_000, 100 },
    };

    [Theory]
    [MemberData(nameof(KnownValues))]
    public void Value_at_matches_closed_form_values(double l, double k, double t0, double t, double expected) =>
        Assert.Equal(expected, new LogisticGrowth(l, k, t0).ValueAt(t), 10);

    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(17.25)]
    public void The_curve_is_point_symmetric_about_its_midpoint(double distance)
    {
        var curve = new LogisticGrowth(L: 840, K: 0.3, T0: 12);

        Assert.Equal(curve.L, curve.ValueAt(curve.T0 + distance) + curve.ValueAt(curve.T0 - distance), 9);
    }

    [Theory]
    [InlineData(1_000, 0.15, 30, 0, 60, 61)]
    [InlineData(5_000_000, 0.02, 400, 0, 730, 100)]
    [InlineData(1, 3, 0.5, -2, 4, 20)]
    // Only up to a little past the midpoint: the level has to be extrapolated.
    [InlineData(500, 0.1, 50, 0, 65, 66)]
    // Unix seconds over four months.
    [InlineData(10_000, 1e-6, 1.7e9, 1.695e9, 1.705e9, 120)]
    public void Noise_free_data_recovers_the_parameters(double l, double k, double t0, double tStart, double tEnd, int count)
    {
        var truth = new LogisticGrowth(l, k, t0);
        var points = Enumerable.Range(0, count)
            .Select(i => tStart + (tEnd - tStart) * i / (count - 1))
            .Select(t => (t, truth.ValueAt(t)))
            .ToList();

        var fit = LogisticGrowthFitter.Fit(points);

        AssertRelative(l, fit.Growth.L, 1e-3);
        AssertRelative(k, fit.Growth.K, 1e-3);
        AssertRelative(t0, fit.Growth.T0, 1e-3);
        Assert.True(fit.RSquared > 0.999999, $"R² = {fit.RSquared}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Noisy_data_recovers_the_parameters_within_a_few_percent(int seed)
    {
        var truth = new LogisticGrowth(L: 1_000, K: 0.15, T0: 30);
        var random = new Random(seed);
        // Shuffled order and 2 % noise (of the level) on daily observations over 60 days.
        var points = Enumerable.Range(0, 61)
            .Select(t => ((double)t, Math.Max(0, truth.ValueAt(t) + Normal.Sample(random, 0, 20))))
            .OrderBy(_ => random.Next())
            .ToList();

        var fit = LogisticGrowthFitter.Fit(points);

        AssertRelative(truth.L, fit.Growth.L, 0.03);
        AssertRelative(truth.K, fit.Growth.K, 0.05);
        AssertRelative(truth.T0, fit.Growth.T0, 0.03);
        Assert.InRange(fit.RSquared, 0.99, 1);
    }

    public static TheoryData<(double T, double Value)[]> InvalidPoints => new()
    {
        new[] { (0.0, 1.0), (1.0, 2.0), (2.0, 3.0) },
        new[] { (0.0, 1.0), (1.0, 2.0), (2.0, double.NaN), (3.0, 4.0) },
        new[] { (0.0, 1.0), (1.0, 2.0), (double.PositiveInfinity, 3.0), (3.0, 4.0) },
        new[] { (0.0, 1.0), (1.0, -2.0), (2.0, 3.0), (3.0, 4.0) },
        new[] { (0.0, 1.0), (0.0, 2.0), (1.0, 3.0), (1.0, 4.0) },
        new[] { (0.0, 5.0), (1.0, 5.0), (2.0, 5.0), (3.0, 5.0) },
    };

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public void Rejects_data_it_cannot_fit((double T, double Value)[] points) =>
        Assert.Equal("points", Assert.ThrowsAny<ArgumentException>(() => LogisticGrowthFitter.Fit(points)).ParamName);

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected} ± {tolerance:P1}, got {actual}");
}
