using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ChurnDateTests
{
    private static readonly DateOnly AsOf = new(2025, 3, 1);

    [Theory]
    // Median time to churn = horizon · ln 2 / −ln(1 − p).
    [InlineData(0.75, 90, 45)]    // −ln 0.25 = 2 ln 2 → horizon / 2
    [InlineData(0.875, 90, 30)]   // 3 ln 2 → horizon / 3
    [InlineData(0.75, 30, 15)]
    [InlineData(0.99, 90, 14)]    // 13.546…
    [InlineData(0.9999, 90, 7)]   // 6.773…
    [InlineData(0.6, 365, 276)]   // 276.11…
    [InlineData(0.75, 365, 183)]  // exactly 182.5: halves round away from zero
    [InlineData(0.5000001, 90, 90)] // just above even odds: the end of the horizon
    [InlineData(1.0, 90, 0)]      // certain: today
    public void Predicts_the_median_time_to_churn(double probability, int horizonDays, int expectedDays) =>
        Assert.Equal(AsOf.AddDays(expectedDays), ChurnDate.Predict(probability, AsOf, horizonDays));

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    public void Has_no_date_unless_churn_is_more_likely_than_not(double probability) =>
        Assert.Null(ChurnDate.Predict(probability, AsOf));

    [Fact]
    public void Uses_a_90_day_horizon_by_default() =>
        Assert.Equal(AsOf.AddDays(45), ChurnDate.Predict(0.75, AsOf));

    [Theory]
    [InlineData(double.NaN, 90)]
    [InlineData(-0.1, 90)]
    [InlineData(1.1, 90)]
    [InlineData(0.9, 0)]
    public void Rejects_bad_arguments(double probability, int horizonDays) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChurnDate.Predict(probability, AsOf, horizonDays));
}
