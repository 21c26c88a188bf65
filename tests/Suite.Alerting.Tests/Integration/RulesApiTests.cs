using Grpc.Core;
using Grpc.Net.Client;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

[Collection(InfraCollection.Name)]
public sealed class RulesApiTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private AlertingHost _host = null!;

    public async Task InitializeAsync() => _host = await AlertingHost.StartAsync(infra, mail);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Rule ValidRule(string name = "Events spike") => new()
    {
        Name = name,
        Kpi = "events_count",
        Filters = { ["type"] = "LOGIN" },
        Comparison = Comparison.Above,
        Threshold = 1000,
        WindowSeconds = 60,
        EmailTo = { "ops@example.com" },
    };

    [Fact]
    public async Task Created_rules_are_listed_with_server_assigned_ids_and_defaults()
    {
        var client = _host.ClientFor("acme");
        var created = await client.CreateRuleAsync(ValidRule());
        Assert.True(Guid.TryParse(created.Id, out _));
        Assert.Equal(Severity.Warning, created.Severity);   // unset → warning

        var listed = Assert.Single((await client.ListRulesAsync(new ListRulesRequest())).Rules);
        Assert.Equal(created, listed);
        Assert.Equal(("events_count", "LOGIN", 1000.0, 60, "ops@example.com"),
            (listed.Kpi, listed.Filters["type"], listed.Threshold, listed.WindowSeconds, listed.EmailTo.Single()));
    }

    [Fact]
    public async Task Invalid_rules_come_back_with_field_violations()
    {
        var bad = new Rule
        {
            Name = " ",
            Kpi = "",
            Comparison = Comparison.Unspecified,
            Threshold = double.NaN,
            WindowSeconds = 5,
            SlackWebhookUrl = "ftp://hooks.example.com/x",
            EmailTo = { "ops@example.com", "not-an-address" },
        };
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await _host.ClientFor("acme").CreateRuleAsync(bad));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(
            ["comparison", "email_to[1]", "kpi", "name", "slack_webhook_url", "threshold", "window_seconds"],
            ex.FieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));

        var noTarget = ValidRule();
        noTarget.EmailTo.Clear();
        ex = await Assert.ThrowsAsync<RpcException>(async () => await _host.ClientFor("acme").CreateRuleAsync(noTarget));
        Assert.Equal("slack_webhook_url", Assert.Single(ex.FieldViolations()).Field);

        var tooLong = ValidRule();
        tooLong.WindowSeconds = 86_401;
        ex = await Assert.ThrowsAsync<RpcException>(async () => await _host.ClientFor("acme").CreateRuleAsync(tooLong));
        Assert.Equal("window_seconds", Assert.Single(ex.FieldViolations()).Field);

        Assert.Empty((await _host.ClientFor("acme").ListRulesAsync(new ListRulesRequest())).Rules);
    }

    [Fact]
    public async Task A_tenant_sees_and_deletes_only_its_own_rules()
    {
        var a = _host.ClientFor("tenant-a");
        var b = _host.ClientFor("tenant-b");
        var ruleA = await a.CreateRuleAsync(ValidRule("A's rule"));
        var ruleB = await b.CreateRuleAsync(ValidRule("B's rule"));

        Assert.Equal([ruleA.Id], (await a.ListRulesAsync(new ListRulesRequest())).Rules.Select(r => r.Id));
        Assert.Equal([ruleB.Id], (await b.ListRulesAsync(new ListRulesRequest())).Rules.Select(r => r.Id));

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await b.DeleteRuleAsync(new DeleteRuleRequest { Id = ruleA.Id }));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Single((await a.ListRulesAsync(new ListRulesRequest())).Rules);

        await a.DeleteRuleAsync(new DeleteRuleRequest { Id = ruleA.Id });
        Assert.Empty((await a.ListRulesAsync(new ListRulesRequest())).Rules);
        Assert.Single((await b.ListRulesAsync(new ListRulesRequest())).Rules);
    }

    [Fact]
    public async Task A_malformed_id_is_an_invalid_argument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await _host.ClientFor("acme").DeleteRuleAsync(new DeleteRuleRequest { Id = "42" }));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("id", Assert.Single(ex.FieldViolations()).Field);
    }

    [Fact]
    public async Task Calls_without_a_token_are_rejected()
    {
        using var channel = GrpcChannel.ForAddress(_host.Factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _host.Factory.Server.CreateHandler() });
        var anonymous = new Contracts.Alerting.V1.Alerting.AlertingClient(channel);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await anonymous.ListRulesAsync(new ListRulesRequest()));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }
}
