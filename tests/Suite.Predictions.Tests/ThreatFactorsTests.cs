using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ThreatFactorsTests
{
    [Theory]
    [InlineData(false, false, false, false, false, false, 0)]
    [InlineData(true, false, false, false, false, false, 20)]
    [InlineData(false, true, false, false, false, false, 30)]
    [InlineData(false, false, true, false, false, false, 10)]
    [InlineData(false, false, false, true, false, false, 25)]
    [InlineData(false, false, false, false, true, false, 15)]
    [InlineData(false, false, false, false, false, true, 5)]
    [InlineData(true, true, false, false, false, false, 50)]
    [InlineData(true, true, true, true, true, true, 105)]
    public void Risk_score_adds_the_weight_of_each_factor(bool newIp, bool newCountry, bool failedThenSuccess, bool rapid, bool export, bool offHours, int score)
    {
        // Failed attempts inform the model, not the rule-based score.
        var factors = new ThreatFactors(newIp, newCountry, failedThenSuccess, rapid, export, offHours, FailedAttempts1h: 7);
        Assert.Equal(score, factors.RiskScore);
    }

    [Fact]
    public void Names_every_factor_in_array_order()
    {
        var factors = new ThreatFactors(true, false, true, false, true, false, 3);
        Assert.Equal([1.0, 0, 1, 0, 1, 0, 3], factors.ToArray());
        Assert.Equal(factors.ToArray().Length, ThreatFactors.FieldNames.Count);
        Assert.Equal("failed_attempts_1h", ThreatFactors.FieldNames[^1]);
    }

    [Theory]
    [InlineData(0, ThreatLevel.Low)]
    [InlineData(30, ThreatLevel.Low)]
    [InlineData(31, ThreatLevel.Medium)]
    [InlineData(60, ThreatLevel.Medium)]
    [InlineData(61, ThreatLevel.High)]
    [InlineData(100, ThreatLevel.High)]
    [InlineData(101, ThreatLevel.Critical)]
    [InlineData(105, ThreatLevel.Critical)]
    public void Levels_band_the_risk_score(int score, ThreatLevel level) => Assert.Equal(level, ThreatLevels.For(score));

    [Fact]
    public void Level_needs_a_non_negative_score() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreatLevels.For(-1));

    [Theory]
    [InlineData(0.0, ThreatAction.Allow)]
    [InlineData(0.1999, ThreatAction.Allow)]
    [InlineData(0.2, ThreatAction.RequireMfa)]
    [InlineData(0.4999, ThreatAction.RequireMfa)]
    [InlineData(0.5, ThreatAction.RequirePasswordReset)]
    [InlineData(0.8, ThreatAction.RequirePasswordReset)]
    [InlineData(0.8001, ThreatAction.LockAccount)]
    [InlineData(1.0, ThreatAction.LockAccount)]
    public void Actions_escalate_with_the_probability(double probability, ThreatAction action) =>
        Assert.Equal(action, ThreatActions.For(probability));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    public void Action_needs_a_probability(double probability) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreatActions.For(probability));

    [Theory]
    [InlineData(ThreatLevel.Low, "low")]
    [InlineData(ThreatLevel.Medium, "medium")]
    [InlineData(ThreatLevel.High, "high")]
    [InlineData(ThreatLevel.Critical, "critical")]
    public void Level_names(ThreatLevel level, string name) => Assert.Equal(name, level.Name());

    [Theory]
    [InlineData(ThreatAction.Allow, "allow")]
    [InlineData(ThreatAction.RequireMfa, "require_mfa")]
    [InlineData(ThreatAction.RequirePasswordReset, "require_password_reset")]
    [InlineData(ThreatAction.LockAccount, "lock_account")]
    public void Action_names(ThreatAction action, string name) => Assert.Equal(name, action.Name());
}
