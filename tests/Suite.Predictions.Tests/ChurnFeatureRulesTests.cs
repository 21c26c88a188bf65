using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class ChurnFeatureRulesTests
{
    private static readonly ChurnFeatureVector Valid = new(3, 12, 4, 1, 0.5, 365, 0.7);

    public static TheoryData<ChurnFeatureVector, string[]> Cases => new()
    {
        { Valid, [] },
        { new ChurnFeatureVector(0, 0, 0, 0, 0, 0, 0), [] },
        { new ChurnFeatureVector(0, 0, 0, 0, 1, 0, 1), [] },
        { Valid with { DaysSinceLastLogin = -1 }, ["features.days_since_last_login"] },
        { Valid with { Logins30d = -0.5, Sessions7d = -2 }, ["features.logins_30d", "features.sessions_7d"] },
        { Valid with { OpenTickets = -3 }, ["features.open_tickets"] },
        { Valid with { TenureDays = -1 }, ["features.tenure_days"] },
        { Valid with { EmailEngagement = 1.01 }, ["features.email_engagement"] },
        { Valid with { EmailEngagement = -0.01 }, ["features.email_engagement"] },
        { Valid with { FeatureAdoption = 2 }, ["features.feature_adoption"] },
        { Valid with { Logins30d = double.NaN }, ["features.logins_30d"] },
        { Valid with { TenureDays = double.PositiveInfinity }, ["features.tenure_days"] },
        { Valid with { FeatureAdoption = double.NaN }, ["features.feature_adoption"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_each_bad_field(ChurnFeatureVector features, string[] expectedFields)
    {
        var violations = ChurnFeatureRules.Validate(features);
        Assert.Equal(expectedFields, violations.Select(v => v.Field).ToArray());
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }
}
