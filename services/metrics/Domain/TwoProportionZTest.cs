namespace Suite.Metrics.Domain;

/// <summary>
/// Two-proportion z-test (pooled), e.g. portal vs staff quote conversion: z = (p1 − p2) / √(p̂(1 − p̂)(1/n1 + 1/n2)) with
/// p̂ = (x1 + x2) / (n1 + n2); two-sided p-value = 2(1 − Φ(|z|)). Null when a group is empty or the pooled rate is 0
/// or 1 (no variance: nothing to test).
/// </summary>
public sealed record ZTestResult(double P1, double P2, double Lift, double Z, double PValue)
{
    public bool SignificantAt(double alpha) => PValue < alpha;
}

public static class TwoProportionZTest
{
    public static ZTestResult? Run(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
        {
            return null;
        }
        var (p1, p2) = ((double)x1 / n1, (double)x2 / n2);
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        if (variance <= 0)
        {
            return null;
        }
        var z = (p1 - p2) / Math.Sqrt(variance);
        var lift = p2 > 0 ? p1 / p2 - 1 : double.NaN;
        return new ZTestResult(p1, p2, double.IsNaN(lift) ? 0 : lift, z, 2 * (1 - NormalCdf(Math.Abs(z))));
    }

    /// <summary>Φ(x) via erf (Abramowitz &amp; Stegun 7.1.26, absolute error &lt; 1.5e-7: plenty for a p-value).</summary>
    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
