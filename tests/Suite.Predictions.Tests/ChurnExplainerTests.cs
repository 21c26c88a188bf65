using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ChurnExplainerTests
{
    // The "average account" the explanations are measured against.
    private static readonly double[] Means = [10, 15, 5, 0.8, 0.5, 400, 0.5];

    // For the logistic ground truth each contribution is exactly w_i · (x_i − mean_i).
    public static TheoryData<double[], string[], double[]> Cases => new()
    {
        // Idle, troubled, nothing adopted: days 0.07·30 = 2.1, adoption −2.2·(−0.5) = 1.1, tickets 0.45·2.2 = 0.99
        // (logins 0.52, email 0.64, sessions 0.45, tenure 0.36 rank lower).
        { [40, 2, 0, 3, 0.1, 100, 0], ["days_since_last_login", "feature_adoption", "open_tickets"], [2.1, 1.1, 0.99] },
        // Engaged account: everything lowers the risk; adoption −2.2·0.5 = −1.1, logins −0.04·25 = −1.0,
        // email −1.6·0.5 = −0.8 (days −0.63, sessions −0.63, tickets −0.36, tenure −0.72).
        { [1, 40, 12, 0, 1, 1000, 1], ["feature_adoption", "logins_30d", "email_engagement"], [-1.1, -1.0, -0.8] },
        // Mixed signs rank by magnitude: tenure −0.0012·1600 = −1.92 before days 0.07·20 = 1.4.
        { [30, 15, 5, 0.8, 0.5, 2000, 0.5], ["tenure_days", "days_since_last_login", "logins_30d"], [-1.92, 1.4, 0.0] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ranks_log_odds_contributions_against_the_mean_account(double[] x, string[] features, double[] contributions)
    {
        var explanation = ChurnExplainer.Explain(ChurnGroundTruth.Probability, Vector(x), Means);

        Assert.Equal(features, explanation.Select(c => c.Feature));
        Assert.Equal(contributions.Length, explanation.Count);
        for (var i = 0; i < contributions.Length; i++)
        {
            Assert.Equal(contributions[i], explanation[i].Contribution, 1e-9);
        }
        // Each contribution carries the account's own value of the feature.
        Assert.All(explanation, c => Assert.Equal(x[ChurnFeatureVector.FieldNames.ToList().IndexOf(c.Feature)], c.Value));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(20, 7)]
    public void Returns_at_most_top_features(int top, int expected) =>
        Assert.Equal(expected, ChurnExplainer.Explain(ChurnGroundTruth.Probability, Vector([40, 2, 0, 3, 0.1, 100, 0]), Means, top).Count);

    [Fact]
    public void Saturated_probabilities_still_give_finite_contributions()
    {
        // A model answering exactly 0 or 1 (float saturation) must not produce infinities.
        var explanation = ChurnExplainer.Explain(f => f.OpenTickets > 1 ? 1.0 : 0.0, Vector([40, 2, 0, 3, 0.1, 100, 0]), Means, top: 7);

        Assert.All(explanation, c => Assert.True(double.IsFinite(c.Contribution)));
        Assert.Equal("open_tickets", explanation[0].Feature);
        Assert.True(explanation[0].Contribution > 60, $"{explanation[0].Contribution}");
        Assert.All(explanation.Skip(1), c => Assert.Equal(0, c.Contribution));
    }

    [Fact]
    public void Needs_one_mean_per_feature() =>
        Assert.Throws<ArgumentException>(() => ChurnExplainer.Explain(ChurnGroundTruth.Probability, default, [1, 2, 3]));

    private static ChurnFeatureVector Vector(double[] v) => new(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
}
