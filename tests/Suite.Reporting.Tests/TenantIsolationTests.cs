using Microsoft.AspNetCore.Mvc.Testing;
using Suite.Testing;

namespace Suite.Reporting.Tests;

/// <summary>Row-level security on reporting's database once the service has migrated it (docs/tenant-isolation.md).</summary>
[Collection(InfraCollection.Name)]
public sealed class TenantIsolationTests(InfraFixture infra) : IAsyncLifetime
{
    private ReportingTestHost _env = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _env = await ReportingTestHost.StartAsync(infra);
        _factory = _env.NewFactory();
        _ = _factory.Services;   // starts the host: migrations run before it accepts calls
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _env.DisposeAsync();
    }

    [Fact]
    public Task Every_tenant_table_forces_row_level_security() => TenantIsolation.AssertCatalogueAsync(_env.Database);

    [Fact]
    public Task A_tenant_sees_and_writes_only_its_own_rows_in_every_table() =>
        TenantIsolation.AssertEveryTableIsolatedAsync(_env.Database, new Dictionary<string, string>
        {
            // Checks the placeholder values would break.
            ["subscriptions"] =
                """
                insert into subscriptions (id, tenant, name, report_type, parameters, cron, time_zone, catch_up, formats, emails, slack_webhooks, enabled, created_at, updated_at)
                values (gen_random_uuid(), @tenant, 'n', 't', '{}', '0 8 * * *', 'UTC', 'once', '{}', '{}', '{}', true, now(), now())
                """,
            ["report_runs"] =
                """
                insert into report_runs (id, tenant, report_type, trigger, status, created_at)
                values (gen_random_uuid(), @tenant, 't', 'on_demand', 'succeeded', now())
                """,
        });
}
