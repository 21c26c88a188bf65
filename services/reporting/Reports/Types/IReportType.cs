using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Reports.Types;

/// <summary>What a report type is built for: the tenant, the period (from a subscription's schedule, or asked for), its parameters.</summary>
public sealed record ReportContext(
    string Tenant,
    DateTimeOffset From,
    DateTimeOffset To,
    TimeZoneInfo Zone,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset Now)
{
    /// <summary>"2026-03-07 06:00 – 2026-03-08 06:00 (America/New_York)".</summary>
    public string PeriodText => Scheduling.SubscriptionRunner.PeriodText(From, To, Zone);
}

/// <summary>
/// A business report: reads its data (metrics, predictions…) and builds the format-free <see cref="ReportDocument"/>
/// with a pure builder in Domain/Reports. Parameters were validated by <see cref="Domain.Subscriptions.ReportTypes"/>.
/// </summary>
public interface IReportType
{
    string Name { get; }

    Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct);
}
