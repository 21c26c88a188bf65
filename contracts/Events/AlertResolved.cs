namespace Suite.Contracts.Events;

/// <summary>A firing alert stopped firing.</summary>
public sealed record AlertResolved(Guid AlertId, string Tenant, Guid RuleId, string RuleName, DateTimeOffset ResolvedAt);
