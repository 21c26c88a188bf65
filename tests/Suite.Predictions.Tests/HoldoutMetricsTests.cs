using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class HoldoutMetricsTests
{
    public static TheoryData<double[], bool[], double, double, double, double> Cases => new()
    {
        // Ranked 0.8+, 0.4-, 0.35+, 0.1-: AP = ½·1 + ½·⅔; log-loss = −(ln .9 + ln .6 + ln .35 + ln .8)/4;
        // Brier = (.01 + .16 + .4225 + .04)/4.
        { [0.1, 0.4, 0.35, 0.8], [false, false, true, true], 0.75, 5.0 / 6, 0.47228795380917615, 0.158125 },
        // The tie at 0.5 enters as one threshold: AP = ½·1 + ½·⅔, whatever the order of the tied rows.
        { [0.5, 0.5, 0.9], [false, true, true], 0.75, 5.0 / 6, 0.49721829225923897, 0.17 },
        { [0.5, 0.5, 0.9], [true, false, true], 0.75, 5.0 / 6, 0.49721829225923897, 0.17 },
        // All tied: precision is the base rate at the only threshold; log-loss ln 2, Brier ¼.
        { [0.5, 0.5, 0.5, 0.5], [false, true, false, true], 0.5, 0.5, 0.6931471805599453, 0.25 },
        // Certain and right: log-loss −ln(1 − 1e-15) ≈ 1e-15, not exactly 0, because of the clamp.
        { [0.0, 1.0], [false, true], 1.0, 1.0, 9.992007221626415e-16, 0.0 },
        // Certain and wrong: the clamp caps each row at −ln(1e-15) = 15 ln 10 instead of infinity.
        { [1.0, 0.0], [false, true], 0.0, 0.5, 34.538776394910684, 1.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Computes_ranking_and_probability_metrics(double[] p, bool[] labels, double auc, double prAuc, double logLoss, double brier)
    {
        var quality = HoldoutMetrics.Compute(1_000, p, labels);

        Assert.Equal(1_000, quality.Rows);
        Assert.Equal(p.Length, quality.HoldoutRows);
        Assert.Equal(auc, quality.Auc, 12);
        Assert.Equal(prAuc, quality.PrAuc, 12);
        Assert.Equal(logLoss, quality.LogLoss, 1e-12);
        Assert.Equal(brier, quality.Brier, 12);
    }

    [Fact]
    public void Calibration_uses_ten_equal_width_bins_and_omits_empty_ones()
    {
        double[] p = [0.05, 0.12, 0.15, 0.3, 0.95, 1.0];
        bool[] labels = [false, true, false, false, true, true];

        var bins = HoldoutMetrics.Compute(10, p, labels).Calibration;

        // 0.3 opens [0.3, 0.4); p = 1 closes the last bin.
        Assert.Equal(
            [
                new CalibrationBin(0.0, 0.1, 1, 0.05, 0.0),
                new CalibrationBin(0.1, 0.2, 2, 0.135, 0.5),
                new CalibrationBin(0.3, 0.4, 1, 0.3, 0.0),
                new CalibrationBin(0.9, 1.0, 2, 0.975, 1.0),
            ],
            bins,
            new BinComparer());
    }

    [Fact]
    public void Calibration_follows_the_number_of_bins()
    {
        double[] p = [0.05, 0.12, 0.15, 0.3, 0.95, 1.0];
        bool[] labels = [false, true, false, false, true, true];

        var bins = HoldoutMetrics.Compute(10, p, labels, bins: 5).Calibration;

        Assert.Equal(
            [
                new CalibrationBin(0.0, 0.2, 3, 0.32 / 3, 1.0 / 3),
                new CalibrationBin(0.2, 0.4, 1, 0.3, 0.0),
                new CalibrationBin(0.8, 1.0, 2, 0.975, 1.0),
            ],
            bins,
            new BinComparer());
    }

    [Fact]
    public void Rejects_inputs_it_cannot_measure()
    {
        Assert.Throws<ArgumentException>(() => HoldoutMetrics.Compute(1, [0.1, 0.9], [false]));
        Assert.Throws<ArgumentException>(() => HoldoutMetrics.Compute(1, [0.1, 1.2], [false, true]));
        Assert.Throws<ArgumentException>(() => HoldoutMetrics.Compute(1, [0.1, double.NaN], [false, true]));
        Assert.Throws<ArgumentException>(() => HoldoutMetrics.Compute(1, [0.1, 0.9], [true, true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => HoldoutMetrics.Compute(1, [0.1, 0.9], [false, true], bins: 0));
    }

    // Bin edges and means are sums and quotients of doubles: compare them to 1e-12.
    private sealed class BinComparer : IEqualityComparer<CalibrationBin>
    {
        public bool Equals(CalibrationBin? x, CalibrationBin? y) =>
            x is not null && y is not null && x.Count == y.Count
            && Near(x.From, y.From) && Near(x.To, y.To) && Near(x.MeanPredicted, y.MeanPredicted) && Near(x.ObservedRate, y.ObservedRate);

        public int GetHashCode(CalibrationBin obj) => obj.Count.GetHashCode();

        private static bool Near(double a, double b) => Math.Abs(a - b) < 1e-12;
    }
}
