using Suite.Testing;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>
/// The service with small size limits, a rate-limited tenant ("limited": 1 event/s, burst 1000) and a tenant whose
/// privacy policy rejects personal data ("strict").
/// </summary>
public sealed class PolicyIngestionHost(InfraFixture infra) : IngestionHost(infra)
{
    public const string LimitedTenant = "limited";
    public const string StrictTenant = "strict";
    public const int MaxEventBytes = 4096;
    public const int MaxBatchBytes = 131072;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Ingestion:MaxEventBytes"] = MaxEventBytes.ToString(),
        ["Ingestion:MaxBatchBytes"] = MaxBatchBytes.ToString(),
        [$"Ingestion:RateLimit:Tenants:{LimitedTenant}:EventsPerSecond"] = "1",
        [$"Ingestion:RateLimit:Tenants:{LimitedTenant}:Burst"] = "1000",
        [$"Ingestion:Privacy:Tenants:{StrictTenant}"] = "reject",
    };
}
