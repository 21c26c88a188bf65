namespace Suite.Predictions.Domain;

/// <summary>A recommended retention action: a stable code for automation and a sentence for people.</summary>
public sealed record ChurnIntervention(string Code, string Text);

/// <summary>Retention playbook: every rule that applies to an account, in table order.</summary>
public static class ChurnInterventions
{
    public const string ReEngagementEmail = "re_engagement_email";
    public const string PersonalCall = "personal_call";
    public const string OnboardingSession = "onboarding_session";
    public const string SupportEscalation = "support_escalation";

    private sealed record Rule(string Code, string Text, Func<ChurnFeatureVector, double, bool> Applies);

    private static readonly Rule[] Rules =
    [
        new(ReEngagementEmail, "Send a re-engagement email: no login for more than 30 days.",
            (f, _) => f.DaysSinceLastLogin > 30),
        new(PersonalCall, "Have the account manager call: churn probability above 80 %.",
            (_, p) => p > 0.8),
        new(OnboardingSession, "Offer an onboarding session: high churn risk and no feature adopted yet.",
            (f, p) => RiskLevels.For(p) is ChurnRiskLevel.High or ChurnRiskLevel.Critical && f.FeatureAdoption == 0),
        new(SupportEscalation, "Escalate the open support tickets: two or more are unresolved.",
            (f, _) => f.OpenTickets >= 2),
    ];

    public static IReadOnlyList<ChurnIntervention> Recommend(ChurnFeatureVector features, double probability)
    {
        // Validates the probability once, whatever rules apply.
        _ = RiskLevels.For(probability);
        return Rules.Where(r => r.Applies(features, probability)).Select(r => new ChurnIntervention(r.Code, r.Text)).ToList();
    }
}
