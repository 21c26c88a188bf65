using Microsoft.Extensions.DependencyInjection;
using Google.Rpc;
using Grpc.Core;
using Npgsql;
using Suite.Contracts.Audit.V1;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using AuditClient = Suite.Contracts.Audit.V1.Audit.AuditClient;

namespace Suite.Metrics.Tests.Integration;

/// <summary>Request budgets, request size limits and the audit log on the metrics service (ServiceDefaults' interceptors).</summary>
[Collection(InfraCollection.Name)]
public sealed class LimitsAndAuditTests(InfraFixture infra) : IAsyncLifetime
{
    private const int OverviewPermits = 3;

    private readonly MetricsHost _host = new(infra)
    {
        Settings = new Dictionary<string, string?>
        {
            ["RateLimits:Methods:suite.metrics.v1.Metrics/GetOverview:Permits"] = OverviewPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:Methods:suite.metrics.v1.Metrics/GetOverview:Window"] = "01:00:00",
        },
    };

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static Metadata As(string tenant, string subject, params string[] roles) => new()
    {
        { "Authorization", "Bearer " + SuiteTokens.Create(InfraFixture.SigningKey, subject, tenant, roles.Length == 0 ? [SuiteRoles.Admin] : roles, TimeSpan.FromHours(1)) },
    };

    private static GetOverviewRequest Overview() => new() { Date = "2025-04-01" };

    [Fact]
    public async Task The_call_after_the_budget_is_refused_with_retry_info_and_the_quota_while_others_go_on()
    {
        var tenant = MetricsHost.NewTenant();
        for (var i = 0; i < OverviewPermits; i++)
        {
            await _host.Client.GetOverviewAsync(Overview(), As(tenant, "alice"));
        }

        var call = _host.Client.GetOverviewAsync(Overview(), As(tenant, "alice"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        var status = ex.GetRpcStatus()!;
        var retry = status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan();
        Assert.InRange(retry, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var violation = Assert.Single(status.GetDetail<QuotaFailure>()!.Violations);
        Assert.Equal($"user:{tenant}/alice", violation.Subject);
        Assert.Contains("GetOverview", violation.Description);
        Assert.Equal(GrpcErrors.RetryAfterSeconds(retry).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Trailers.GetValue(GrpcErrors.RetryAfterTrailer));

        // Another user of the tenant, a user of another tenant, and alice's other calls are not affected.
        await _host.Client.GetOverviewAsync(Overview(), As(tenant, "bob"));
        await _host.Client.GetOverviewAsync(Overview(), As(MetricsHost.NewTenant(), "alice"));
        await _host.Client.ListKpisAsync(new ListKpisRequest(), As(tenant, "alice"));
    }

    [Fact]
    public async Task A_json_caller_over_the_budget_gets_429_with_retry_after()
    {
        var tenant = MetricsHost.NewTenant();
        var http = _host.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _host.TokenFor(tenant));
        for (var i = 0; i < OverviewPermits; i++)
        {
            (await http.GetAsync("/v1/overview/2025-04-01")).EnsureSuccessStatusCode();
        }
        using var refused = await http.GetAsync("/v1/overview/2025-04-01");
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("QuotaFailure", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_requests_are_refused_before_the_handler()
    {
        var token = _host.TokenFor(MetricsHost.NewTenant());
        using var channel = _host.Factory.Channel();
        await SizeLimitChecks.AssertGrpcRefusedAsync(channel, "suite.metrics.v1.Metrics", "CreateKpi", token);
        await SizeLimitChecks.AssertHttpRefusedAsync(_host.Factory.CreateClient(), "/v1/kpis", token);
    }

    [Fact]
    public async Task A_created_kpi_leaves_an_audit_row_and_a_read_does_not()
    {
        var tenant = MetricsHost.NewTenant();
        await _host.Client.CreateKpiAsync(new CreateKpiRequest
        {
            Name = "audited_logins",
            Description = "not in the audit log",
            Kind = "count",
            Numerator = { new KpiSelector { Domain = "auth", Type = "LOGIN" } },
        }, As(tenant, "alice", SuiteRoles.Admin, SuiteRoles.Executive));
        await _host.Client.ListKpisAsync(new ListKpisRequest(), As(tenant, "alice"));

        await using var db = NpgsqlDataSource.Create(_host.DatabaseConnectionString);
        await using var cmd = db.CreateCommand("select subject, roles, method, summary, status, duration_ms, at from audit_log where tenant = $1");
        cmd.Parameters.AddWithValue(tenant);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("alice", reader.GetString(0));
        Assert.Equal([SuiteRoles.Admin, SuiteRoles.Executive], reader.GetFieldValue<string[]>(1));
        Assert.Equal("/suite.metrics.v1.Metrics/CreateKpi", reader.GetString(2));
        Assert.Equal("name=audited_logins kind=count numerator[1]", reader.GetString(3));
        Assert.Equal("OK", reader.GetString(4));
        Assert.True(reader.GetDouble(5) > 0);
        Assert.InRange(reader.GetFieldValue<DateTimeOffset>(6), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        Assert.False(await reader.ReadAsync());   // ListKpis is a read: not recorded

        var listed = await new AuditClient(_host.Factory.Channel()).ListAuditEntriesAsync(new ListAuditEntriesRequest(), As(tenant, "alice"));
        Assert.Equal("/suite.metrics.v1.Metrics/CreateKpi", Assert.Single(listed.Entries).Method);

        // The same through JSON transcoding.
        using var http = _host.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _host.TokenFor(tenant));
        var json = await http.GetStringAsync("/v1/audit?method=CreateKpi&pageSize=10");
        Assert.Contains("\"summary\": \"name=audited_logins kind=count numerator[1]\"", json.Replace("\":\"", "\": \""));
    }

    [Fact]
    public async Task A_lost_audit_record_is_logged_and_counted_but_does_not_fail_the_call()
    {
        await using (var db = NpgsqlDataSource.Create(_host.DatabaseConnectionString))
        {
            await db.CreateCommand("alter table audit_log rename to audit_log_elsewhere").ExecuteNonQueryAsync();
        }
        var tenant = MetricsHost.NewTenant();
        await _host.Client.CreateKpiAsync(new CreateKpiRequest
        {
            Name = "unaudited_logins", Kind = "count", Numerator = { new KpiSelector { Domain = "auth", Type = "LOGIN" } },
        }, As(tenant, "alice"));

        using var http = _host.Factory.CreateClient();
        Assert.Equal(1, PrometheusScrape.Value(await http.GetStringAsync("/metrics"), "suite_metrics_audit_write_failures_total"));
    }

    [Fact]
    public async Task Audit_rows_older_than_the_retention_are_deleted_for_every_tenant_and_newer_ones_stay()
    {
        var (a, b) = (MetricsHost.NewTenant(), MetricsHost.NewTenant());
        await using var db = NpgsqlDataSource.Create(_host.DatabaseConnectionString);
        await using (var insert = db.CreateCommand(
            """
            insert into audit_log (at, tenant, subject, roles, method, summary, status, duration_ms)
            select now() - make_interval(days => d), t, 'alice', '{admin}', '/m', 'old=' || d, 'OK', 1
            from unnest(array[@a, @b]) t, unnest(array[401, 399, 1]) d
            """))
        {
            insert.Parameters.AddWithValue("a", a);
            insert.Parameters.AddWithValue("b", b);
            await insert.ExecuteNonQueryAsync();
        }

        var deleted = await _host.Factory.Services.GetRequiredService<Suite.ServiceDefaults.Audit.AuditRetention>().PurgeAsync(CancellationToken.None);

        Assert.Equal(2, deleted);   // the default keeps 400 days
        await using var left = db.CreateCommand("select string_agg(summary, ',' order by summary) from audit_log where tenant in (@a, @b)");
        left.Parameters.AddWithValue("a", a);
        left.Parameters.AddWithValue("b", b);
        Assert.Equal("old=1,old=1,old=399,old=399", await left.ExecuteScalarAsync());
    }
}
