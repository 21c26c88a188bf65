namespace Suite.Predictions.Domain;

/// <summary>
/// Expected churn date for likely churners. The probability p is read as "churns within the horizon"; assuming a
/// constant hazard λ over time, 1 − e^(−λ·horizon) = p gives λ = −ln(1 − p) / horizon, and the date is the median
/// time to churn, ln 2 / λ, after <c>asOf</c> (rounded to whole days, halves away from zero). Since p &gt; 0.5 the
/// median falls inside the horizon.
/// </summary>
public static class ChurnDate
{
    public static DateOnly? Predict(double probability, DateOnly asOf, int horizonDays = 90)
    {
        if (double.IsNaN(probability) || probability < 0 || probability > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in [0, 1]");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        if (probability <= 0.5)
        {
            return null; // more likely to stay than to go: no date to predict
        }
        if (probability >= 1)
        {
            return asOf;
        }
        var hazard = -Math.Log(1 - probability) / horizonDays;
        var medianDays = Math.Log(2) / hazard;
        return asOf.AddDays((int)Math.Round(medianDays, MidpointRounding.AwayFromZero));
    }
}
