namespace Suite.Predictions.Analytics;

/// <summary>One forecast step: the point forecast and its prediction interval.</summary>
public readonly record struct ForecastPoint(int Step, double Value, double Lower, double Upper);

/// <summary>
/// A forecast and the fitted model behind it: level <see cref="Intercept"/> at the first observation (t = 0),
/// <see cref="Slope"/> per step, and one effect per position in the season (summing to zero; empty without seasonality).
/// <see cref="SeasonalEffects"/>[i] applies to observations whose index t satisfies t mod period = i.
/// </summary>
public sealed record SeriesForecast(
    IReadOnlyList<ForecastPoint> Points,
    double Slope,
    double Intercept,
    IReadOnlyList<double> SeasonalEffects,
    double ResidualStdDev);
