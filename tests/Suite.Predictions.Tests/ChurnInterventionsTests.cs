using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ChurnInterventionsTests
{
    [Theory]
    // Nothing applies: 30 idle days is not yet "more than 30", one ticket is not two.
    [InlineData(30, 1, 0.5, 0.4, "")]
    [InlineData(31, 1, 0.5, 0.4, "re_engagement_email")]
    [InlineData(5, 2, 0.5, 0.4, "support_escalation")]
    // Personal call strictly above 0.8 (0.8 itself is already critical, but no call).
    [InlineData(5, 0, 0.5, 0.8, "")]
    [InlineData(5, 0, 0.5, 0.8001, "personal_call")]
    // Onboarding needs high or critical risk (p ≥ 0.5) and no adoption at all.
    [InlineData(5, 0, 0.0, 0.4999, "")]
    [InlineData(5, 0, 0.0, 0.5, "onboarding_session")]
    [InlineData(5, 0, 0.01, 0.9, "personal_call")]
    // Everything at once, in table order.
    [InlineData(45, 3, 0.0, 0.95, "re_engagement_email,personal_call,onboarding_session,support_escalation")]
    public void Applies_every_matching_rule(double idleDays, double openTickets, double adoption, double probability, string expected)
    {
        var features = new ChurnFeatureVector(idleDays, 10, 3, openTickets, 0.5, 200, adoption);

        var codes = ChurnInterventions.Recommend(features, probability).Select(i => i.Code);

        Assert.Equal(expected, string.Join(",", codes));
    }

    [Fact]
    public void Every_recommendation_explains_itself()
    {
        var all = ChurnInterventions.Recommend(new ChurnFeatureVector(45, 10, 3, 3, 0.5, 200, 0), 0.95);

        Assert.Equal(4, all.Count);
        Assert.All(all, i => Assert.False(string.IsNullOrWhiteSpace(i.Text)));
        Assert.Equal(all.Count, all.Select(i => i.Text).Distinct().Count());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1.5)]
    public void Rejects_values_that_are_not_probabilities(double probability) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChurnInterventions.Recommend(default, probability));
}
