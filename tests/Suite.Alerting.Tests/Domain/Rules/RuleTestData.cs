using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Tests.Domain.Rules;

internal static class RuleTestData
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Values one minute apart, the first at <see cref="T0"/>.</summary>
    public static SeriesWindow Minutes(params double[] values) =>
        new(values.Select((v, i) => new SeriesPoint(T0.AddMinutes(i), v)));

    /// <summary>The timestamp <see cref="Minutes"/> gives the i-th value.</summary>
    public static DateTimeOffset Minute(int i) => T0.AddMinutes(i);
}
