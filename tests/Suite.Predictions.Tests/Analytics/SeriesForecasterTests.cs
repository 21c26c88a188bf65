using MathNet.Numerics.Distributions;
using Suite.Predictions.Analytics;

namespace Suite.Predictions.Tests.Analytics;

public class SeriesForecasterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_noise_free_line_is_forecast_exactly_with_zero_width_intervals(int seasonPeriod)
    {
        var values = Enumerable.Range(0, 28).Select(t => 3.0 + 2.0 * t).ToList();

        var forecast = SeriesForecaster.Forecast(values, horizon: 90, seasonPeriod);

        Assert.Equal(2, forecast.Slope, 9);
        Assert.Equal(3, forecast.Intercept, 9);
        Assert.Equal(0, forecast.ResidualStdDev, 9);
        Assert.Equal(Enumerable.Range(1, 90), forecast.Points.Select(p => p.Step));
        Assert.All(forecast.Points, p =>
        {
            var expected = 3.0 + 2.0 * (28 - 1 + p.Step);
            Assert.Equal(expected, p.Value, 8);
            Assert.Equal(expected, p.Lower, 8);
            Assert.Equal(expected, p.Upper, 8);
        });
    }

    [Fact]
    public void A_noise_free_trend_with_a_weekly_pattern_is_recovered_exactly()
    {
        double[] weekly = [5, 3, 1, 0, -1, -3, -5];
        var values = Enumerable.Range(0, 35).Select(t => 100 + 0.5 * t + weekly[t % 7]).ToList();

        var forecast = SeriesForecaster.Forecast(values, horizon: 21);

        Assert.Equal(0.5, forecast.Slope, 9);
        Assert.Equal(100, forecast.Intercept, 9);
        Assert.Equal(weekly.Length, forecast.SeasonalEffects.Count);
        for (var i = 0; i < weekly.Length; i++)
        {
            Assert.Equal(weekly[i], forecast.SeasonalEffects[i], 9);
        }
        Assert.All(forecast.Points, p =>
        {
            var t = 35 - 1 + p.Step;
            Assert.Equal(100 + 0.5 * t + weekly[t % 7], p.Value, 8);
            Assert.True(p.Upper - p.Lower < 1e-8, $"step {p.Step}: width {p.Upper - p.Lower}");
        });
    }

    [Theory]
    [InlineData(0.95)]
    [InlineData(0.90)]
    [InlineData(0.80)]
    public void Without_seasonality_the_interval_is_the_textbook_simple_regression_prediction_interval(double confidence)
    {
        double[] y = [2.0, 4.1, 5.9, 8.2];
        const int horizon = 5;

        var forecast = SeriesForecaster.Forecast(y, horizon, seasonPeriod: 0, confidence);

        // ŷ₀ ± t(1−α/2, n−2)·s·√(1 + 1/n + (x₀ − x̄)²/Sxx), with t in closed form for 2 degrees of freedom.
        var n = y.Length;
        var xMean = (n - 1) / 2.0;
        var yMean = y.Average();
        var sxx = Enumerable.Range(0, n).Sum(x => (x - xMean) * (x - xMean));
        var sxy = Enumerable.Range(0, n).Sum(x => (x - xMean) * (y[x] - yMean));
        var b1 = sxy / sxx;
        var b0 = yMean - b1 * xMean;
        var s = Math.Sqrt(Enumerable.Range(0, n).Sum(x => Math.Pow(y[x] - b0 - b1 * x, 2)) / (n - 2));
        var p = 0.5 + confidence / 2;
        var t = (2 * p - 1) / Math.Sqrt(2 * p * (1 - p));

        Assert.Equal(b1, forecast.Slope, 10);
        Assert.Equal(b0, forecast.Intercept, 10);
        Assert.Equal(s, forecast.ResidualStdDev, 10);
        Assert.Empty(forecast.SeasonalEffects);
        foreach (var point in forecast.Points)
        {
            var x0 = n - 1 + point.Step;
            var value = b0 + b1 * x0;
            var halfWidth = t * s * Math.Sqrt(1 + 1.0 / n + (x0 - xMean) * (x0 - xMean) / sxx);
            Assert.Equal(value, point.Value, 9);
            Assert.Equal(value - halfWidth, point.Lower, 7);
            Assert.Equal(value + halfWidth, point.Upper, 7);
        }
        // Extrapolating further is less certain.
        Assert.True(forecast.Points.Zip(forecast.Points.Skip(1), (a, b) => b.Upper - b.Lower > a.Upper - a.Lower).All(x => x));
    }

    public static TheoryData<double, double, double> StudentTQuantiles => new()
    {
        // One and two degrees of freedom have closed forms; the others are table values (6 decimals).
        { 1, 0.975, Math.Tan(Math.PI * 0.475) },
        { 2, 0.975, 0.95 / Math.Sqrt(2 * 0.975 * 0.025) },
        { 4, 0.975, 2.776445 },
        { 10, 0.975, 2.228139 },
        { 30, 0.975, 2.042272 },
        { 10, 0.95, 1.812461 },
    };

    // MathNet documents its t quantile as a root search "not an explicit implementation": check it on known values.
    [Theory]
    [MemberData(nameof(StudentTQuantiles))]
    public void The_student_t_quantile_used_for_intervals_is_accurate(double freedom, double p, double expected) =>
        Assert.Equal(expected, StudentT.InvCDF(0, 1, freedom, p), 6);

    [Fact]
    public void About_95_percent_of_future_values_fall_inside_the_95_percent_interval()
    {
        // Three weeks of history leave 13 degrees of freedom: too few for a normal quantile to pass, and 14 steps ahead
        // the extrapolation term matters, so a wrong interval shows up as under- or over-coverage.
        const int series = 2_000, history = 21, horizon = 14;
        var random = new Random(7);
        int inside = 0, total = 0;
        for (var s = 0; s < series; s++)
        {
            var level = 1_000 + 500 * random.NextDouble();
            var slope = -5 + 10 * random.NextDouble();
            var weekly = Enumerable.Range(0, 7).Select(_ => 40 * random.NextDouble()).ToArray();
            var sigma = 5 + 20 * random.NextDouble();
            var values = Enumerable.Range(0, history + horizon)
                .Select(t => level + slope * t + weekly[t % 7] + Normal.Sample(random, 0, sigma))
                .ToArray();

            var forecast = SeriesForecaster.Forecast(values[..history], horizon);

            foreach (var point in forecast.Points)
            {
                var actual = values[history - 1 + point.Step];
                inside += actual >= point.Lower && actual <= point.Upper ? 1 : 0;
                total++;
            }
        }
        var coverage = (double)inside / total;
        Assert.InRange(coverage, 0.94, 0.96);
    }

    [Theory]
    [InlineData(3, 1, 0, 0.95, null)]
    [InlineData(2, 1, 0, 0.95, "values")]
    [InlineData(13, 1, 7, 0.95, "values")]
    [InlineData(14, 1, 7, 0.95, null)]
    [InlineData(30, 0, 7, 0.95, "horizon")]
    [InlineData(30, 3651, 7, 0.95, "horizon")]
    [InlineData(30, 3650, 7, 0.95, null)]
    [InlineData(30, 10, -1, 0.95, "seasonPeriod")]
    [InlineData(30, 10, 1, 0.95, "seasonPeriod")]
    [InlineData(30, 10, 7, 0, "confidence")]
    [InlineData(30, 10, 7, 1, "confidence")]
    [InlineData(30, 10, 7, double.NaN, "confidence")]
    public void Validates_its_inputs(int count, int horizon, int seasonPeriod, double confidence, string? invalidParameter)
    {
        var values = Enumerable.Range(0, count).Select(t => 10.0 + t % 3).ToList();

        var error = Record.Exception(() => SeriesForecaster.Forecast(values, horizon, seasonPeriod, confidence));

        if (invalidParameter is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Equal(invalidParameter, Assert.IsAssignableFrom<ArgumentException>(error).ParamName);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rejects_values_that_are_not_finite(double bad)
    {
        var values = Enumerable.Range(0, 20).Select(t => (double)t).ToArray();
        values[11] = bad;

        var error = Assert.ThrowsAny<ArgumentException>(() => SeriesForecaster.Forecast(values, 5));

        Assert.Equal("values", error.ParamName);
        Assert.Contains("index 11", error.Message, StringComparison.Ordinal);
    }
}
