namespace Suite.Contracts.Events;

/// <summary>An alert started firing.</summary>
public sealed record AlertFired(Guid AlertId, string Tenant, Guid RuleId, string RuleName, string Severity, string Kpi, double Value, double Threshold, DateTimeOffset StartedAt);
