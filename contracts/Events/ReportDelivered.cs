namespace Suite.Contracts.Events;

/// <summary>A report run finished delivering.</summary>
public sealed record ReportDelivered(Guid RunId, string Tenant, string ReportType, string Format, long SizeBytes, DateTimeOffset DeliveredAt);
