using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Suite.Predictions.Analytics;

/// <summary>
/// Forecasts an equally spaced series (daily MRR, weekly signups...) with ordinary least squares on an intercept, a
/// linear trend and seasonal effects, with Student-t prediction intervals ŷ ± t·s·√(1 + x₀ᵀ(XᵀX)⁻¹x₀).
/// </summary>
/// <remarks>
/// Seasonality uses effect coding (period − 1 columns: 1 for its own position, −1 for the last one) so the effects sum
/// to zero and the intercept stays the de-seasonalised level. A deliberately simple model: transparent, fast and with
/// honest intervals while the trend is roughly linear; it does not model autocorrelated errors.
/// </remarks>
public static class SeriesForecaster
{
    public const int MaxHorizon = 3650;
    public const int DefaultSeasonPeriod = 7;

    public static SeriesForecast Forecast(IReadOnlyList<double> values, int horizon, int seasonPeriod = DefaultSeasonPeriod, double confidence = 0.95)
    {
        Validate(values, horizon, seasonPeriod, confidence);
        var n = values.Count;
        var columns = ColumnCount(seasonPeriod);

        var design = Matrix<double>.Build.Dense(n, columns, (t, j) => Regressor(t, j, seasonPeriod));
        var observed = Vector<double>.Build.Dense(n, t => values[t]);
        // QR rather than the normal equations: XᵀX squares the condition number, and the trend column grows with n.
        var qr = design.QR(QRMethod.Thin);
        var coefficients = qr.Solve(observed);
        var residuals = observed - design * coefficients;
        var degreesOfFreedom = n - columns;
        var residualStdDev = Math.Sqrt(residuals.DotProduct(residuals) / degreesOfFreedom);

        // (XᵀX)⁻¹ = R⁻¹R⁻ᵀ, so x₀ᵀ(XᵀX)⁻¹x₀ = ‖R⁻ᵀx₀‖².
        var rInverseTransposed = qr.R.Inverse().Transpose();
        var tQuantile = StudentT.InvCDF(0, 1, degreesOfFreedom, 0.5 + confidence / 2);

        var points = new ForecastPoint[horizon];
        var x0 = Vector<double>.Build.Dense(columns);
        for (var step = 1; step <= horizon; step++)
        {
            var t = n - 1 + step;
            for (var j = 0; j < columns; j++)
            {
                x0[j] = Regressor(t, j, seasonPeriod);
            }
            var value = x0.DotProduct(coefficients);
            var projected = rInverseTransposed * x0;
            var halfWidth = tQuantile * residualStdDev * Math.Sqrt(1 + projected.DotProduct(projected));
            points[step - 1] = new ForecastPoint(step, value, value - halfWidth, value + halfWidth);
        }

        return new SeriesForecast(points, coefficients[1], coefficients[0], SeasonalEffects(coefficients, seasonPeriod), residualStdDev);
    }

    private static int ColumnCount(int seasonPeriod) => 2 + Math.Max(0, seasonPeriod - 1);

    // Column 0: intercept; 1: trend t; 2..: effect-coded season positions 0..period-2.
    private static double Regressor(int t, int column, int seasonPeriod)
    {
        if (column == 0)
        {
            return 1;
        }
        if (column == 1)
        {
            return t;
        }
        var position = t % seasonPeriod;
        if (position == seasonPeriod - 1)
        {
            return -1;
        }
        return position == column - 2 ? 1 : 0;
    }

    private static double[] SeasonalEffects(Vector<double> coefficients, int seasonPeriod)
    {
        if (seasonPeriod == 0)
        {
            return [];
        }
        var effects = new double[seasonPeriod];
        for (var i = 0; i < seasonPeriod - 1; i++)
        {
            effects[i] = coefficients[2 + i];
            effects[seasonPeriod - 1] -= coefficients[2 + i];
        }
        return effects;
    }

    private static void Validate(IReadOnlyList<double> values, int horizon, int seasonPeriod, double confidence)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (seasonPeriod is < 0 or 1)
        {
            throw new ArgumentOutOfRangeException(nameof(seasonPeriod), seasonPeriod, "use 0 for no seasonality or a period of at least 2");
        }
        if (horizon is < 1 or > MaxHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"must be between 1 and {MaxHorizon}");
        }
        if (!(confidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be strictly between 0 and 1");
        }
        // Two full seasons (and at least 3 points) leave at least one degree of freedom for the residual variance.
        var needed = Math.Max(3, 2 * seasonPeriod);
        if (values.Count < needed)
        {
            throw new ArgumentException($"needs at least {needed} values, got {values.Count}", nameof(values));
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"value at index {i} is not a finite number", nameof(values));
            }
        }
    }
}
