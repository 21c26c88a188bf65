namespace Suite.Contracts.Events;

/// <summary>A login attempt scored at "require MFA" or stronger.</summary>
public sealed record ThreatDetected(string Tenant, string UserId, double Probability, string Action, DateTimeOffset At);
