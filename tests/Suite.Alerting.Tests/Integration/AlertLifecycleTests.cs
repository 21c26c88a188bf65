using Grpc.Core;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>A rule over a KPI from the metrics double, notifying a real HTTP listener (Slack) and maildev.</summary>
[Collection(InfraCollection.Name)]
public sealed class AlertLifecycleTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private const string Kpi = "login_success_rate";
    private AlertingHost _host = null!;

    public async Task InitializeAsync() => _host = await AlertingHost.StartAsync(infra, mail);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string NewTenant() => $"t-{Guid.NewGuid():N}"[..14];

    private Rule LoginRule(string hook, string email) => new()
    {
        Name = "Login success low",
        Kpi = Kpi,
        Filters = { ["domain"] = "auth" },
        Comparison = Comparison.Below,
        Threshold = 0.9,
        WindowSeconds = 300,
        Severity = Severity.Critical,
        SlackWebhookUrl = hook.Length == 0 ? "" : _host.Slack.HookUrl(hook),
        EmailTo = { email },
        MinSamples = 10,
    };

    [Fact]
    public async Task Fires_once_stays_quiet_while_firing_and_resolves()
    {
        var tenant = NewTenant();
        var email = $"ops-{tenant}@example.com";
        var client = _host.ClientFor(tenant);
        _host.Metrics.Board.Set(tenant, Kpi, value: 0.5, numerator: 50, denominator: 100);

        var rule = await client.CreateRuleAsync(LoginRule(tenant, email));

        // Fires: one Slack POST and one email.
        await Eventually.TrueAsync(async () => _host.Slack.Delivered(tenant).Count == 1 && (await mail.EmailsToAsync(email)).Count == 1,
            "the firing Slack message and email");
        var post = _host.Slack.Delivered(tenant).Single();
        Assert.StartsWith("application/json", post.ContentType);
        Assert.StartsWith("[FIRING] Login success low: login_success_rate = 0.5", post.Json["text"]!.GetValue<string>());
        Assert.Equal(["header", "section", "context"], post.Json["blocks"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()));
        var firingMail = (await mail.EmailsToAsync(email)).Single();
        Assert.Equal("[FIRING] Login success low: login_success_rate = 0.5", firingMail.Subject);
        Assert.Equal("alerts@suite.local", firingMail.From.Single().Address);
        Assert.Contains("Threshold: < 0.9", firingMail.Text);
        Assert.Contains("critical", firingMail.Html);

        var alerts = (await client.ListAlertsAsync(new ListAlertsRequest())).Alerts;
        var alert = Assert.Single(alerts);
        Assert.Equal((rule.Id, "firing", 0.5, Severity.Critical, "Login success low"), (alert.RuleId, alert.State, alert.Value, alert.Severity, alert.RuleName));
        await Eventually.TrueAsync(() => _host.Events.OfType<AlertFired>().Any(e => e.Tenant == tenant), "AlertFired on the bus");
        var fired = _host.Events.OfType<AlertFired>().Single(e => e.Tenant == tenant);
        Assert.Equal((Guid.Parse(alert.Id), Guid.Parse(rule.Id), Kpi, 0.5, 0.9, "critical"), (fired.AlertId, fired.RuleId, fired.Kpi, fired.Value, fired.Threshold, fired.Severity));

        // The evaluator asked metrics as the service identity for this tenant, over the rule's window.
        var call = _host.Metrics.Board.Calls.First(c => c.Tenant == tenant);
        Assert.True(call.HasBearer);
        Assert.Equal((Kpi, Granularity.Minute, "auth", TimeSpan.FromSeconds(300)),
            (call.Request.Kpi, call.Request.Granularity, call.Request.Filters["domain"], call.Request.To.ToDateTimeOffset() - call.Request.From.ToDateTimeOffset()));

        // Still breached over more cycles: nothing new is sent.
        var callsSoFar = _host.Metrics.Board.CallsFor(tenant);
        await Eventually.TrueAsync(() => _host.Metrics.Board.CallsFor(tenant) >= callsSoFar + 3, "three more evaluations");
        await _host.WaitUntilNothingPendingAsync();
        Assert.Single(_host.Slack.Delivered(tenant));
        Assert.Single(await mail.EmailsToAsync(email));
        Assert.Equal(1, await _host.CountAsync("select count(*) from alerts where tenant = @t", ("t", tenant)));

        // Recovers: resolved messages to the same targets.
        _host.Metrics.Board.Set(tenant, Kpi, value: 0.95, numerator: 95, denominator: 100);
        await Eventually.TrueAsync(async () => _host.Slack.Delivered(tenant).Count == 2 && (await mail.EmailsToAsync(email)).Count == 2,
            "the resolved Slack message and email");
        Assert.StartsWith("[RESOLVED] Login success low: login_success_rate = 0.95", _host.Slack.Delivered(tenant)[1].Json["text"]!.GetValue<string>());
        Assert.Contains(await mail.EmailsToAsync(email), m => m.Subject == "[RESOLVED] Login success low: login_success_rate = 0.95");
        var resolved = Assert.Single((await client.ListAlertsAsync(new ListAlertsRequest())).Alerts);
        Assert.Equal(("resolved", 0.95), (resolved.State, resolved.Value));
        Assert.NotNull(resolved.ResolvedAt);
        await Eventually.TrueAsync(() => _host.Events.OfType<AlertResolved>().Any(e => e.AlertId == Guid.Parse(alert.Id)), "AlertResolved on the bus");

        // And stays quiet once resolved.
        callsSoFar = _host.Metrics.Board.CallsFor(tenant);
        await Eventually.TrueAsync(() => _host.Metrics.Board.CallsFor(tenant) >= callsSoFar + 3, "three more evaluations");
        await _host.WaitUntilNothingPendingAsync();
        Assert.Equal(2, _host.Slack.Delivered(tenant).Count);
        Assert.Equal(2, (await mail.EmailsToAsync(email)).Count);

        // Prometheus sees the work: two deliveries per channel, nothing firing any more.
        using var http = _host.Factory.CreateClient();
        var scrape = await http.GetStringAsync("/metrics");
        Assert.Matches(@"suite_alerting_evaluations_total\{[^}]*result=""ok""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"suite_alerting_alerts_firing\{[^}]*\} 0", scrape);
        Assert.Matches(@"suite_alerting_notifications_total\{[^}]*channel=""slack"",result=""sent""\} 2\b", scrape);
        Assert.Matches(@"suite_alerting_notifications_total\{[^}]*channel=""email"",result=""sent""\} 2\b", scrape);
        Assert.Matches(@"suite_alerting_notification_duration_seconds_count\{[^}]*channel=""email""\} 2\b", scrape);
    }

    [Fact]
    public async Task Too_few_samples_do_not_fire()
    {
        var tenant = NewTenant();
        _host.Metrics.Board.Set(tenant, Kpi, value: 0.1, numerator: 1, denominator: 9);
        await _host.ClientFor(tenant).CreateRuleAsync(LoginRule(tenant, $"ops-{tenant}@example.com"));

        await Eventually.TrueAsync(() => _host.Metrics.Board.CallsFor(tenant) >= 3, "three evaluations");
        Assert.Equal(0, await _host.CountAsync("select count(*) from alerts where tenant = @t", ("t", tenant)));
        Assert.DoesNotContain(_host.Slack.Posts, p => p.Hook == tenant);
    }

    [Fact]
    public async Task A_failing_slack_endpoint_gets_the_message_once_after_retries()
    {
        var tenant = NewTenant();
        _host.Slack.FailNext(tenant, times: 3, status: 500);
        _host.Metrics.Board.Set(tenant, Kpi, value: 0.5, numerator: 50, denominator: 100);
        var rule = LoginRule(tenant, "");
        rule.EmailTo.Clear();
        await _host.ClientFor(tenant).CreateRuleAsync(rule);

        await Eventually.TrueAsync(() => _host.Slack.Delivered(tenant).Count == 1, "the Slack message after retries");
        await _host.WaitUntilNothingPendingAsync();
        Assert.Equal(4, _host.Slack.Attempts(tenant));
        Assert.Single(_host.Slack.Delivered(tenant));
        Assert.Equal(1, await _host.CountAsync(
            "select count(*) from notifications where tenant = @t and channel = 'slack' and state = 'sent' and attempts = 4", ("t", tenant)));
    }

    [Fact]
    public async Task A_gone_webhook_is_given_up_without_retrying()
    {
        var tenant = NewTenant();
        _host.Slack.FailNext(tenant, times: 100, status: 404);
        _host.Metrics.Board.Set(tenant, Kpi, value: 0.5, numerator: 50, denominator: 100);
        var rule = LoginRule(tenant, "");
        rule.EmailTo.Clear();
        await _host.ClientFor(tenant).CreateRuleAsync(rule);

        await Eventually.TrueAsync(async () => await _host.CountAsync(
            "select count(*) from notifications where tenant = @t and state = 'failed'", ("t", tenant)) == 1, "the notification to be marked failed");
        Assert.Equal(1, _host.Slack.Attempts(tenant));
        Assert.Equal(1, await _host.CountAsync(
            "select count(*) from notifications where tenant = @t and attempts = 1 and last_error like 'HTTP 404%'", ("t", tenant)));
    }

    [Fact]
    public async Task Deleting_a_firing_rule_resolves_its_alert()
    {
        var tenant = NewTenant();
        var email = $"ops-{tenant}@example.com";
        var client = _host.ClientFor(tenant);
        _host.Metrics.Board.Set(tenant, Kpi, value: 0.5, numerator: 50, denominator: 100);
        var rule = await client.CreateRuleAsync(LoginRule(tenant, email));
        await Eventually.TrueAsync(() => _host.Slack.Delivered(tenant).Count == 1, "the firing Slack message");

        await client.DeleteRuleAsync(new DeleteRuleRequest { Id = rule.Id });

        await Eventually.TrueAsync(async () => _host.Slack.Delivered(tenant).Count == 2 && (await mail.EmailsToAsync(email)).Count == 2,
            "the resolved messages");
        Assert.Equal("resolved", Assert.Single((await client.ListAlertsAsync(new ListAlertsRequest())).Alerts).State);
        Assert.Empty((await client.ListRulesAsync(new ListRulesRequest())).Rules);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.DeleteRuleAsync(new DeleteRuleRequest { Id = rule.Id }));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }
}
