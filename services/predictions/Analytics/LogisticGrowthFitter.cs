using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Suite.Predictions.Analytics;

/// <summary>
/// Fits <see cref="LogisticGrowth"/> to observations by nonlinear least squares (MathNet's Levenberg–Marquardt) from a
/// data-driven start: L from max·1.1, T0 where the values cross L/2, K from a regression of logit(y/L) on t.
/// </summary>
/// <remarks>
/// t and values are rescaled to about [−1, 1] and [0, 1] for the optimisation so that day numbers, Unix times, counts
/// in the millions all converge alike; the parameters are mapped back afterwards.
/// </remarks>
public static class LogisticGrowthFitter
{
    public const int MinPoints = 4;

    public static LogisticGrowthFit Fit(IReadOnlyList<(double T, double Value)> points)
    {
        Validate(points);
        var ordered = points.OrderBy(p => p.T).ToArray();
        var tMin = ordered[0].T;
        var tMax = ordered[^1].T;
        var tCentre = (tMin + tMax) / 2;
        var tScale = (tMax - tMin) / 2;
        var yScale = ordered.Max(p => p.Value);

        var t = Vector<double>.Build.Dense(ordered.Length, i => (ordered[i].T - tCentre) / tScale);
        var y = Vector<double>.Build.Dense(ordered.Length, i => ordered[i].Value / yScale);

        var objective = ObjectiveFunction.NonlinearModel(Model, Jacobian, t, y);
        var minimizer = new LevenbergMarquardtMinimizer(gradientTolerance: 1e-15, stepTolerance: 1e-15, functionTolerance: 1e-15, maximumIterations: 1000);
        var result = minimizer.FindMinimum(objective, InitialGuess(t, y));
        var p = result.MinimizingPoint;
        if (!p.All(double.IsFinite) || p[0] <= 0 || p[1] == 0)
        {
            throw new InvalidOperationException("the logistic fit did not converge: the data may not follow an S-curve");
        }

        var growth = new LogisticGrowth(p[0] * yScale, p[1] / tScale, p[2] * tScale + tCentre);
        return new LogisticGrowthFit(growth, RSquared(ordered, growth));
    }

    private static Vector<double> Model(Vector<double> p, Vector<double> t) =>
        t.Map(ti => p[0] / (1 + Math.Exp(-p[1] * (ti - p[2]))));

    private static Matrix<double> Jacobian(Vector<double> p, Vector<double> t) =>
        Matrix<double>.Build.Dense(t.Count, 3, (i, j) =>
        {
            var g = 1 / (1 + Math.Exp(-p[1] * (t[i] - p[2])));
            var slope = p[0] * g * (1 - g);
            return j switch
            {
                0 => g,
                1 => slope * (t[i] - p[2]),
                _ => -slope * p[1],
            };
        });

    // In rescaled units (max value 1, t in [-1, 1]).
    private static Vector<double> InitialGuess(Vector<double> t, Vector<double> y)
    {
        const double level = 1.1;
        var (slope, intercept) = LogitRegression(t, y, level);
        var k = double.IsFinite(slope) && slope != 0 ? slope : 1;
        var t0 = HalfLevelCrossing(t, y, level / 2)
            ?? (double.IsFinite(intercept) ? Math.Clamp(-intercept / k, -3, 3) : 0);
        return Vector<double>.Build.DenseOfArray([level, k, t0]);
    }

    // logit(y/L) = k·t − k·t0 is linear in t; only points strictly inside (0, L) have a finite logit.
    private static (double Slope, double Intercept) LogitRegression(Vector<double> t, Vector<double> y, double level)
    {
        var xs = new List<double>();
        var zs = new List<double>();
        for (var i = 0; i < t.Count; i++)
        {
            if (y[i] > 0 && y[i] < level)
            {
                xs.Add(t[i]);
                zs.Add(Math.Log(y[i] / (level - y[i])));
            }
        }
        if (xs.Count < 2)
        {
            return (double.NaN, double.NaN);
        }
        var xMean = xs.Average();
        var zMean = zs.Average();
        double sxz = 0, sxx = 0;
        for (var i = 0; i < xs.Count; i++)
        {
            sxz += (xs[i] - xMean) * (zs[i] - zMean);
            sxx += (xs[i] - xMean) * (xs[i] - xMean);
        }
        var slope = sxz / sxx;
        return (slope, zMean - slope * xMean);
    }

    // First place (linearly interpolated) where consecutive observations straddle the half level.
    private static double? HalfLevelCrossing(Vector<double> t, Vector<double> y, double half)
    {
        for (var i = 1; i < t.Count; i++)
        {
            if ((y[i - 1] - half) * (y[i] - half) <= 0 && y[i] != y[i - 1])
            {
                return t[i - 1] + (half - y[i - 1]) * (t[i] - t[i - 1]) / (y[i] - y[i - 1]);
            }
        }
        return null;
    }

    private static double RSquared(IReadOnlyList<(double T, double Value)> points, LogisticGrowth growth)
    {
        var mean = points.Average(p => p.Value);
        double residual = 0, total = 0;
        foreach (var (t, value) in points)
        {
            residual += Math.Pow(value - growth.ValueAt(t), 2);
            total += Math.Pow(value - mean, 2);
        }
        return 1 - residual / total;
    }

    private static void Validate(IReadOnlyList<(double T, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < MinPoints)
        {
            throw new ArgumentException($"needs at least {MinPoints} points, got {points.Count}", nameof(points));
        }
        for (var i = 0; i < points.Count; i++)
        {
            var (t, value) = points[i];
            if (!double.IsFinite(t) || !double.IsFinite(value))
            {
                throw new ArgumentException($"point {i} is not finite", nameof(points));
            }
            if (value < 0)
            {
                throw new ArgumentException($"point {i} has a negative value; adoption curves start at zero", nameof(points));
            }
        }
        // Three parameters need three distinct times, and a flat series has no S-shape to fit.
        if (points.Select(p => p.T).Distinct().Count() < 3)
        {
            throw new ArgumentException("needs at least 3 distinct times", nameof(points));
        }
        if (points.Select(p => p.Value).Distinct().Count() < 2)
        {
            throw new ArgumentException("values are all equal", nameof(points));
        }
    }
}
