using Suite.Testing;

namespace Suite.Predictions.Tests;

/// <summary>Row-level security on predictions' database once the service has migrated it (docs/tenant-isolation.md).</summary>
[Collection(InfraCollection.Name)]
public sealed class TenantIsolationTests(InfraFixture infra) : IAsyncLifetime
{
    private PredictionsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await PredictionsTestHost.StartAsync(infra, new Dictionary<string, string?> { ["Predictions:TrainingRows"] = "5000" }, waitForBus: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public Task Every_tenant_table_forces_row_level_security() => TenantIsolation.AssertCatalogueAsync(_host.ServiceConnectionString);

    [Fact]
    public Task A_tenant_sees_and_writes_only_its_own_rows_in_every_table() =>
        TenantIsolation.AssertEveryTableIsolatedAsync(_host.ServiceConnectionString, new Dictionary<string, string>
        {
            // The status check needs a real status.
            ["models"] = "insert into models (tenant, kind, version, trainer, trained_at, rows, holdout_rows, auc, content, status) values (@tenant, 'churn', 'rls', 't', now(), 1, 0, 0.5, '\\x00', 'candidate')",
        });
}
