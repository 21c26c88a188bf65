namespace Suite.Predictions.Domain;

/// <summary>What to do with a login, from the model's probability that the account is compromised.</summary>
public enum ThreatAction
{
    Allow,
    RequireMfa,
    RequirePasswordReset,
    LockAccount,
}

public static class ThreatActions
{
    /// <summary>
    /// [0, 0.2) allow, [0.2, 0.5) require MFA, [0.5, 0.8] require a password reset, (0.8, 1] lock the account.
    /// Milder steps start at their threshold (0.2 already asks for MFA, 0.5 already resets), as the churn levels do;
    /// locking alone needs strictly more than 0.8, because it is the one step that shuts a legitimate user out.
    /// </summary>
    public static ThreatAction For(double probability)
    {
        if (double.IsNaN(probability) || probability < 0 || probability > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in [0, 1]");
        }
        return probability switch
        {
            < 0.2 => ThreatAction.Allow,
            < 0.5 => ThreatAction.RequireMfa,
            <= 0.8 => ThreatAction.RequirePasswordReset,
            _ => ThreatAction.LockAccount,
        };
    }

    /// <summary>Snake-case name for metric tags and events.</summary>
    public static string Name(this ThreatAction action) => action switch
    {
        ThreatAction.Allow => "allow",
        ThreatAction.RequireMfa => "require_mfa",
        ThreatAction.RequirePasswordReset => "require_password_reset",
        ThreatAction.LockAccount => "lock_account",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
