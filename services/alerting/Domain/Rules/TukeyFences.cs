namespace Suite.Alerting.Domain.Rules;

/// <summary>Tukey's fences: Q1 − f·IQR and Q3 + f·IQR, quartiles by <see cref="SeriesStatistics.Quantile"/> (type 7).</summary>
public sealed record TukeyFences(double Q1, double Q3, double Factor)
{
    public double Iqr => Q3 - Q1;
    public double Lower => Q1 - Factor * Iqr;
    public double Upper => Q3 + Factor * Iqr;

    public static TukeyFences Of(IReadOnlyList<double> values, double factor) =>
        new(SeriesStatistics.Quantile(values, 0.25), SeriesStatistics.Quantile(values, 0.75), factor);
}
