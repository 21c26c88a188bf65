using Suite.Contracts.Alerting.V1;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>Two replicas on one database: rule claims and notification claims use row locks, so nothing doubles.</summary>
[Collection(InfraCollection.Name)]
public sealed class ReplicaTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private AlertingHost _host = null!;

    public async Task InitializeAsync() => _host = await AlertingHost.StartAsync(infra, mail, replicas: 2);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Two_replicas_fire_and_notify_once()
    {
        var tenants = Enumerable.Range(0, 5).Select(i => $"replica-{i}-{Guid.NewGuid():N}"[..20]).ToList();
        foreach (var tenant in tenants)
        {
            _host.Metrics.Board.Set(tenant, "events_count", value: 5000, numerator: 5000, denominator: 0);
            await _host.ClientFor(tenant).CreateRuleAsync(new Rule
            {
                Name = "Too many events",
                Kpi = "events_count",
                Comparison = Comparison.Above,
                Threshold = 1000,
                WindowSeconds = 60,
                SlackWebhookUrl = _host.Slack.HookUrl(tenant),
                EmailTo = { $"{tenant}@example.com" },
            });
        }

        foreach (var tenant in tenants)
        {
            await Eventually.TrueAsync(async () => _host.Slack.Delivered(tenant).Count >= 1 && (await mail.EmailsToAsync($"{tenant}@example.com")).Count >= 1,
                $"the messages of {tenant}");
        }
        var calls = _host.Metrics.Board.Calls.Count;
        await Eventually.TrueAsync(() => _host.Metrics.Board.Calls.Count >= calls + 3 * tenants.Count, "more evaluation cycles");
        await _host.WaitUntilNothingPendingAsync();

        foreach (var tenant in tenants)
        {
            Assert.Single(_host.Slack.Delivered(tenant));
            Assert.Single(await mail.EmailsToAsync($"{tenant}@example.com"));
        }
        Assert.Equal(tenants.Count, await _host.CountAsync("select count(*) from alerts"));
        Assert.Equal(2L * tenants.Count, await _host.CountAsync("select count(*) from notifications where state = 'sent'"));
    }
}
