namespace Suite.Predictions.Analytics;

/// <summary>
/// Logistic (S-curve) growth L / (1 + e^(−K(t − T0))): saturation level <see cref="L"/>, growth rate <see cref="K"/>
/// per unit of t, and midpoint <see cref="T0"/> where the curve reaches L/2 and grows fastest.
/// </summary>
public sealed record LogisticGrowth(double L, double K, double T0)
{
    public double ValueAt(double t) => L / (1 + Math.Exp(-K * (t - T0)));
}

/// <summary>A fitted curve and how much of the variance of the observations it explains.</summary>
public sealed record LogisticGrowthFit(LogisticGrowth Growth, double RSquared);
