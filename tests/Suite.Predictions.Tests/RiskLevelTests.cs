using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class RiskLevelTests
{
    [Theory]
    [InlineData(0.0, ChurnRiskLevel.Low)]
    [InlineData(0.1999, ChurnRiskLevel.Low)]
    [InlineData(0.2, ChurnRiskLevel.Medium)]
    [InlineData(0.4999, ChurnRiskLevel.Medium)]
    [InlineData(0.5, ChurnRiskLevel.High)]
    [InlineData(0.7999, ChurnRiskLevel.High)]
    [InlineData(0.8, ChurnRiskLevel.Critical)]
    [InlineData(1.0, ChurnRiskLevel.Critical)]
    public void Thresholds(double probability, ChurnRiskLevel expected) =>
        Assert.Equal(expected, RiskLevels.For(probability));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    public void Rejects_values_that_are_not_probabilities(double probability) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskLevels.For(probability));

    [Theory]
    [InlineData(ChurnRiskLevel.Low, "low")]
    [InlineData(ChurnRiskLevel.Medium, "medium")]
    [InlineData(ChurnRiskLevel.High, "high")]
    [InlineData(ChurnRiskLevel.Critical, "critical")]
    public void Names(ChurnRiskLevel level, string name) => Assert.Equal(name, level.Name());
}
