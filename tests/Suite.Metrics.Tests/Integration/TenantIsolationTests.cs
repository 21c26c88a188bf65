using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>Row-level security on metrics' database once the service has migrated it (docs/tenant-isolation.md).</summary>
[Collection(InfraCollection.Name)]
public class TenantIsolationTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    [Fact]
    public Task Every_tenant_table_forces_row_level_security() => TenantIsolation.AssertCatalogueAsync(host.ServiceConnectionString);

    [Fact]
    public Task A_tenant_sees_and_writes_only_its_own_rows_in_every_table() =>
        TenantIsolation.AssertEveryTableIsolatedAsync(host.ServiceConnectionString, new Dictionary<string, string>
        {
            ["etl_job_runs"] = "insert into etl_job_runs (tenant, day, status, rows, started_at, finished_at, duration_ms) values (@tenant, current_date, 'succeeded', 0, now(), now(), 0)",
        });
}
