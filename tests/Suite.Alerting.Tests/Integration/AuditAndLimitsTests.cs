using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Audit.V1;
using Suite.ServiceDefaults.Auth;
using Suite.Testing;
using AlertingClient = Suite.Contracts.Alerting.V1.Alerting.AlertingClient;
using AuditClient = Suite.Contracts.Audit.V1.Audit.AuditClient;

namespace Suite.Alerting.Tests.Integration;

/// <summary>The audit log (recorded calls, ListAuditEntries) and the request budgets on the alerting service.</summary>
[Collection(InfraCollection.Name)]
public sealed class AuditAndLimitsTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>
{
    private static Metadata As(string tenant, string subject, params string[] roles) => new()
    {
        { "Authorization", "Bearer " + SuiteTokens.Create(InfraFixture.SigningKey, subject, tenant, roles.Length == 0 ? [SuiteRoles.Admin] : roles, TimeSpan.FromHours(1)) },
    };

    private static Rule ValidRule(string name) => new()
    {
        Name = name, Kpi = "events_count", Comparison = Comparison.Above, Threshold = 1000, WindowSeconds = 60, EmailTo = { "ops@example.com" },
    };

    [Fact]
    public async Task Mutations_and_failures_are_recorded_reads_are_not_and_admins_list_their_tenant_only()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail);
        using var channel = host.Factory.Channel();
        var alerting = new AlertingClient(channel);
        var audit = new AuditClient(channel);

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var rule = await alerting.CreateRuleAsync(ValidRule("spike"), As("acme", "alice"));
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            alerting.DeleteRuleAsync(new DeleteRuleRequest { Id = Guid.NewGuid().ToString() }, As("acme", "bob")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        await alerting.ListRulesAsync(new ListRulesRequest(), As("acme", "alice"));
        await alerting.CreateRuleAsync(ValidRule("other"), As("globex", "carol"));

        var entries = (await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest(), As("acme", "alice"))).Entries;
        Assert.Equal(
            [("/suite.alerting.v1.Alerting/DeleteRule", "bob", "NotFound"), ("/suite.alerting.v1.Alerting/CreateRule", "alice", "OK")],
            entries.Select(e => (e.Method, e.Subject, e.Status)));   // newest first; no ListRules, nothing of globex
        var created = entries[1];
        Assert.Equal(("acme", "name=spike kpi=events_count comparison=Above threshold=1000 window_seconds=60 email_to[1]"), (created.Tenant, created.Summary));
        Assert.Equal([SuiteRoles.Admin], created.Roles);
        Assert.InRange(created.Time.ToDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.True(created.DurationMs > 0);
        Assert.NotEmpty(rule.Id);

        // Filters: subject, method (bare name or path), time range; the listing calls themselves are audited too.
        Assert.Equal(["bob"], (await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = "bob" }, As("acme", "alice"))).Entries.Select(e => e.Subject));
        Assert.Single((await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Method = "CreateRule" }, As("acme", "alice"))).Entries);
        Assert.Single((await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Method = "suite.alerting.v1.Alerting/DeleteRule" }, As("acme", "alice"))).Entries);
        Assert.Empty((await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { To = Timestamp.FromDateTimeOffset(before) }, As("acme", "alice"))).Entries);
        Assert.Single((await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { From = Timestamp.FromDateTimeOffset(before), Method = "CreateRule" }, As("acme", "alice"))).Entries);

        // Pages: newest first, a token until the last page.
        var first = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 2 }, As("acme", "alice"));
        Assert.Equal(2, first.Entries.Count);
        Assert.NotEmpty(first.NextPageToken);
        var rest = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 500, PageToken = first.NextPageToken }, As("acme", "alice"));
        Assert.Empty(rest.NextPageToken);
        Assert.True(rest.Entries[0].Id < first.Entries[1].Id);
        Assert.Equal("/suite.alerting.v1.Alerting/CreateRule", rest.Entries[^1].Method);

        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            audit.ListAuditEntriesAsync(new ListAuditEntriesRequest(), As("acme", "dave", SuiteRoles.Reader)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(1, await host.CountAsync("select count(*) from audit_log where tenant = 'acme' and subject = 'dave' and status = 'PermissionDenied'"));
    }

    [Fact]
    public async Task A_tenant_over_its_budget_is_refused_while_another_tenant_goes_on()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail, settings: new Dictionary<string, string?>
        {
            ["RateLimits:PerTenant:Permits"] = "4",
            ["RateLimits:PerTenant:Window"] = "01:00:00",
        });
        using var channel = host.Factory.Channel();
        var alerting = new AlertingClient(channel);
        for (var i = 0; i < 4; i++)
        {
            await alerting.ListRulesAsync(new ListRulesRequest(), As("acme", i % 2 == 0 ? "alice" : "bob"));
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => alerting.ListRulesAsync(new ListRulesRequest(), As("acme", "carol")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        var status = ex.GetRpcStatus()!;
        Assert.True(status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal("tenant:acme", Assert.Single(status.GetDetail<QuotaFailure>()!.Violations).Subject);
        Assert.NotNull(ex.Trailers.GetValue("retry-after"));

        await alerting.ListRulesAsync(new ListRulesRequest(), As("globex", "carol"));
    }

    [Fact]
    public async Task Oversized_requests_are_refused_before_the_handler()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail);
        using var channel = host.Factory.Channel();
        var token = infra.TokenFor("acme");
        await SizeLimitChecks.AssertGrpcRefusedAsync(channel, "suite.alerting.v1.Alerting", "CreateRule", token);
        await SizeLimitChecks.AssertHttpRefusedAsync(host.Factory.CreateClient(), "/v1/rules", token);
        Assert.Equal(0, await host.CountAsync("select count(*) from audit_log"));   // refused before the interceptors
    }
}
