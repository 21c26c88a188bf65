using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>Row-level security on alerting's database once the service has migrated it (docs/tenant-isolation.md).</summary>
[Collection(InfraCollection.Name)]
public sealed class TenantIsolationTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private const string Rule =
        """
        insert into rules (id, tenant, name, kpi, comparison, threshold, window_seconds, severity, created_at, next_evaluation_at)
        values (gen_random_uuid(), @tenant, 'r', 'k', 'above', 1, 60, 'info', now(), now()) returning id, tenant
        """;

    private const string Alert =
        """
        insert into alerts (id, tenant, rule_id, fingerprint, state, value, last_value, started_at, updated_at)
        select gen_random_uuid(), tenant, id, 'f', 'firing', 1, 1, now(), now() from r returning id, tenant
        """;

    // Checks and foreign keys the placeholder rows would break.
    private static readonly Dictionary<string, string> Inserts = new()
    {
        ["rules"] = Rule,
        ["alerts"] = $"with r as ({Rule}) {Alert}",
        ["notifications"] =
            $"""
            with r as ({Rule}), a as ({Alert})
            insert into notifications (id, tenant, alert_id, kind, channel, target, payload, next_attempt_at, created_at)
            select gen_random_uuid(), tenant, id, 'firing', 'email', 't', jsonb_build_object(), now(), now() from a
            """,
        ["incidents"] =
            """
            insert into incidents (id, tenant, fingerprint, alert_name, labels, annotations, severity, state, started_at, route_path, policy_name, policy)
            values (gen_random_uuid(), @tenant, 'f', 'n', '{}', '{}', 'info', 'firing', now(), '/', 'p', '{}')
            """,
        ["incident_deliveries"] =
            """
            insert into incident_deliveries (id, tenant, level, repeat, recipient, channel, address, kind, payload, next_attempt_at, created_at)
            values (gen_random_uuid(), @tenant, 0, 0, 'r', 'email', 'a', 'digest', '{}', now(), now())
            """,
    };

    private AlertingHost _host = null!;

    public async Task InitializeAsync() => _host = await AlertingHost.StartAsync(infra, mail);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public Task Every_tenant_table_forces_row_level_security() => TenantIsolation.AssertCatalogueAsync(_host.ServiceConnectionString);

    [Fact]
    public Task A_tenant_sees_and_writes_only_its_own_rows_in_every_table() =>
        TenantIsolation.AssertEveryTableIsolatedAsync(_host.ServiceConnectionString, Inserts);
}
