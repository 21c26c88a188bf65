namespace Suite.Contracts.Events;

/// <summary>An account moved to a different churn risk level.</summary>
public sealed record ChurnRiskChanged(string Tenant, string AccountId, string FromLevel, string ToLevel, double Probability, DateTimeOffset At);
