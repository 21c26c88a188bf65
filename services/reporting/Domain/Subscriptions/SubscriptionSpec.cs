using Suite.Reporting.Domain.Scheduling;

namespace Suite.Reporting.Domain.Subscriptions;

/// <summary>A validated subscription: what to render, when, in which formats, for whom.</summary>
public sealed record SubscriptionSpec(
    string Name,
    string ReportType,
    IReadOnlyDictionary<string, string> Parameters,
    string Cron,
    string TimeZone,
    ReportSchedule Schedule,
    IReadOnlyList<ReportFormatKind> Formats,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> SlackWebhooks,
    bool Enabled);

/// <summary>A stored subscription.</summary>
public sealed record Subscription(Guid Id, string Tenant, SubscriptionSpec Spec, DateTimeOffset? NextRunAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
