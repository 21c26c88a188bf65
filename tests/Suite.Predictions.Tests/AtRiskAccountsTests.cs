using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Scoring;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.Predictions.Tests;

/// <summary>
/// ListAtRiskAccounts against real PostgreSQL and RabbitMQ: risk recorded in account_risk (as a score by id or the
/// risk scan records it), features from ingested events for the reasons and actions.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AtRiskAccountsTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private PredictionsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await PredictionsTestHost.StartAsync(infra, new Dictionary<string, string?> { ["Predictions:TrainingRows"] = "5000", ["Telemetry:GaugeRefresh"] = "00:00:01" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Lists_the_riskiest_accounts_first_with_reasons_actions_and_when_they_reached_their_level()
    {
        var tenant = "risk-" + Guid.NewGuid().ToString("N")[..8];
        // idle-1: no login for 60 days, two open tickets; the others are only known by their recorded risk.
        await PublishAsync(tenant,
        [
            Event("product", "FEATURE_USED", Now.AddDays(-200), "idle-1", entity: "reports"),
            Event("auth", "LOGIN", Now.AddDays(-60), "idle-1"),
            Event("support", "TICKET_OPENED", Now.AddDays(-5), "idle-1", entity: "t-1"),
            Event("support", "TICKET_OPENED", Now.AddDays(-4), "idle-1", entity: "t-2"),
            Event("auth", "LOGIN", Now.AddDays(-1), "busy-2"),
        ]);
        await Eventually.TrueAsync(async () => await _host.ScalarAsync<long>($"select count(*) from fs_tickets where tenant = '{tenant}'") == 2
                && await _host.ScalarAsync<long>($"select count(*) from fs_accounts where tenant = '{tenant}'") == 2,
            "the events to reach the feature store");

        var store = _host.Factory.Services.GetRequiredService<RiskStateStore>();
        await store.RecordChurnAsync(tenant, [("idle-1", 0.93), ("gone", 0.85), ("busy-2", 0.65), ("mid", 0.35), ("calm", 0.1)], CancellationToken.None);
        await Task.Delay(20);
        // busy-2 stays high (its level_since stays), mid moves up to high (level_since moves).
        await store.RecordChurnAsync(tenant, [("busy-2", 0.7), ("mid", 0.55)], CancellationToken.None);
        await store.RecordChurnAsync("other-" + tenant, [("idle-1", 0.99)], CancellationToken.None);

        var all = await _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest(), _host.Auth(tenant));
        Assert.Equal(["idle-1:0.93:Critical", "gone:0.85:Critical", "busy-2:0.7:High", "mid:0.55:High"],
            all.Accounts.Select(a => $"{a.AccountId}:{a.Probability}:{a.Level}").ToArray());
        Assert.Equal(["High:2", "Critical:2"], all.Counts.Select(c => $"{c.Level}:{c.Accounts}").ToArray());

        var idle = all.Accounts[0];
        Assert.Equal(3, idle.TopFeatures.Count);
        Assert.Equal(["re_engagement_email", "personal_call", "support_escalation"], idle.Interventions.Select(i => i.Code).ToArray());
        Assert.Empty(all.Accounts[1].TopFeatures);   // "gone" is not in the feature store
        Assert.Empty(all.Accounts[1].Interventions);

        var busy = all.Accounts[2];
        var mid = all.Accounts[3];
        Assert.True(Time(busy.LevelSince) < Time(busy.ScoredAt), $"busy-2 has been high since its first score: {busy.LevelSince} vs {busy.ScoredAt}");
        Assert.Equal(mid.ScoredAt, mid.LevelSince);
        Assert.Equal(busy.ScoredAt, mid.ScoredAt);
        Assert.InRange(Time(mid.ScoredAt), Now.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var top = await _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "low", Limit = 2 }, _host.Auth(tenant));
        Assert.Equal(["idle-1", "gone"], top.Accounts.Select(a => a.AccountId).ToArray());
        Assert.Equal(["Low:1", "Medium:0", "High:2", "Critical:2"], top.Counts.Select(c => $"{c.Level}:{c.Accounts}").ToArray());

        // The JSON route, as a dashboard would call it.
        using var http = _host.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", infra.TokenFor(tenant));
        using var json = JsonDocument.Parse(await http.GetStringAsync("/v1/churn/at-risk?minLevel=critical&limit=10"));
        Assert.Equal(["idle-1", "gone"], json.RootElement.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetString()!).ToArray());

        // "gone" cancels: lost, not at risk any more (its recorded score stays, the list leaves it out).
        await PublishAsync(tenant, [Event("subscriptions", "SUBSCRIPTION_CANCELLED", Now.AddMinutes(-1), "gone")]);
        await Eventually.TrueAsync(async () => await _host.ScalarAsync<long>($"select count(*) from fs_cancellations where tenant = '{tenant}'") == 1,
            "the cancellation to reach the feature store");
        var after = await _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest(), _host.Auth(tenant));
        Assert.Equal(["idle-1", "busy-2", "mid"], after.Accounts.Select(a => a.AccountId).ToArray());
        Assert.Equal(["High:2", "Critical:1"], after.Counts.Select(c => $"{c.Level}:{c.Accounts}").ToArray());

        // The gauge counts every tenant's recorded levels, cancelled accounts left out, as the list does.
        var expected = (await _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "low", Limit = 1000 }, _host.Auth(tenant))).Counts
            .ToDictionary(c => c.Level.ToString().ToLowerInvariant(), c => (double)c.Accounts);
        expected["critical"] += 1;   // the other tenant's idle-1
        using var scrapeClient = _host.Factory.CreateClient();
        await Eventually.Get(async () => await scrapeClient.GetStringAsync("/metrics"),
            t => expected.All(e => PrometheusScrape.Value(t, "suite_predictions_accounts_at_risk", $"level=\"{e.Key}\"") == e.Value),
            TimeSpan.FromSeconds(30), $"suite_predictions_accounts_at_risk to show {string.Join(", ", expected)}");

        var none = await _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest(), _host.Auth("nobody-" + tenant));
        Assert.Empty(none.Accounts);
        Assert.All(none.Counts, c => Assert.Equal(0, c.Accounts));
    }

    [Fact]
    public async Task An_unknown_level_and_a_limit_out_of_range_are_field_violations()
    {
        var both = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "severe", Limit = 1001 }, _host.Auth("acme")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, both.StatusCode);
        Assert.Equal(["min_level", "limit"], both.FieldViolations().Select(v => v.Field).ToArray());

        var negative = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { Limit = -1 }, _host.Auth("acme")).ResponseAsync);
        Assert.Equal("limit", Assert.Single(negative.FieldViolations()).Field);

        var max = await _host.Client.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "critical", Limit = 1000 }, _host.Auth("acme"));
        Assert.Equal("Critical", Assert.Single(max.Counts).Level.ToString());
    }

    private static DateTimeOffset Time(string rfc3339) => DateTimeOffset.Parse(rfc3339, System.Globalization.CultureInfo.InvariantCulture);

    private static IngestedEvent Event(string domain, string type, DateTimeOffset at, string account, string? entity = null) =>
        new(Guid.NewGuid(), domain, type, at, "u-" + account, account, null, null, null, null, null, null, null,
            EntityId: entity, SessionId: null, Properties: domain == "product" ? new Dictionary<string, string> { ["feature"] = entity! } : null);

    private Task PublishAsync(string tenant, IReadOnlyList<IngestedEvent> events) => _host.PublishAsync(tenant, events, Now);
}
