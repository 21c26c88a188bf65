using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Domain.Schedule;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Events;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// Incidents end to end: ThreatDetected on the bus → incident → escalation levels → Slack (real HTTP listener) and
/// email (real SMTP sink), acknowledged through the signed link; a replica stopped mid-escalation; two replicas;
/// quiet hours and the digest.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed partial class EscalationTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>
{
    private readonly TestConfigSource _configs = new();

    [Fact]
    public async Task Levels_fire_in_order_and_the_signed_link_acknowledges_on_post_only()
    {
        await using var host = await StartAsync(replicas: 1);
        var tenant = Tenant("esc");
        var email = $"{tenant}@example.com";
        var policy = IncidentConfigs.Policy("page", repeat: 1,
            (TimeSpan.Zero, "ops-slack"), (TimeSpan.FromSeconds(2), "ops-email"), (TimeSpan.FromSeconds(4), "ops-slack"));
        _configs.Set(IncidentConfigs.Security(tenant, policy,
            [IncidentConfigs.Slack("ops-slack", host.Slack.HookUrl(tenant)), IncidentConfigs.Email("ops-email", email)]));

        await PublishAsync(host, new ThreatDetected(tenant, "user-7", 0.93, "lock_account", DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 1, "the level 0 Slack message");
        Assert.Empty(await mail.EmailsToAsync(email));
        await Eventually.TrueAsync(async () => (await mail.EmailsToAsync(email)).Count >= 1, "the level 1 email", 30);
        var incidentId = (Guid)(await ScalarAsync(host, "select id from incidents where tenant = @t", ("t", tenant)))!;
        var gap = (TimeSpan)(await ScalarAsync(host,
            "select max(created_at) filter (where level = 1) - max(created_at) filter (where level = 0) from incident_deliveries where incident_id = @id",
            ("id", incidentId)))!;
        Assert.InRange(gap, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));   // upper bound: room for a loaded 2-core CI machine

        // The Slack message: Block Kit with the two link buttons; the email carries the same links.
        var post = Assert.Single(host.Slack.Delivered(tenant));
        var blocks = post.Json["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "context", "actions"], blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Contains("Threat detected", blocks[0]!["text"]!["text"]!.GetValue<string>());
        var buttons = blocks[3]!["elements"]!.AsArray();
        Assert.Equal(["acknowledge", "resolve"], buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        var ack = new Uri(buttons[0]!["url"]!.GetValue<string>());
        Assert.StartsWith($"http://localhost/alerts/{incidentId:D}/acknowledge?recipient=slack%3A", ack.AbsoluteUri);
        var mailed = Assert.Single(await mail.EmailsToAsync(email));
        Assert.Contains($"/alerts/{incidentId:D}/acknowledge?recipient=email%3A", mailed.Text);

        using var http = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // GET only shows the confirmation form; a link scanner fetching it changes nothing.
        using (var page = await http.GetAsync(ack.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<form method=\"post\"", html);
            Assert.Contains("Threat detected", html);
            Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        }
        Assert.Equal("firing", await ScalarAsync(host, "select state from incidents where id = @id", ("id", incidentId)));
        // A tampered signature is refused.
        using (var forged = await http.PostAsync(ack.PathAndQuery[..^2] + "AA", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }
        using (var acted = await http.PostAsync(ack.PathAndQuery, null))
        {
            Assert.Equal(HttpStatusCode.OK, acted.StatusCode);
            Assert.Contains("acknowledged", await acted.Content.ReadAsStringAsync());
        }
        Assert.Equal("acknowledged", await ScalarAsync(host, "select state from incidents where id = @id", ("id", incidentId)));
        Assert.StartsWith("slack:", (string)(await ScalarAsync(host, "select acknowledged_by from incidents where id = @id", ("id", incidentId)))!);

        // Level 2 was due 4 s after level 1, then a repeat round: the acknowledgement stopped all of it.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Single(host.Slack.Delivered(tenant));
        Assert.Single(await mail.EmailsToAsync(email));
        Assert.Equal(2L, await host.CountAsync("select count(*) from incident_deliveries where incident_id = @id", ("id", incidentId)));

        var listed = await host.ClientFor(tenant).ListIncidentsAsync(new ListIncidentsRequest { State = "acknowledged" });
        var incident = Assert.Single(listed.Incidents);
        Assert.Equal(incidentId.ToString(), incident.Id);
        Assert.Equal("Threat detected", incident.AlertName);
        Assert.Equal("page", incident.Policy);
        Assert.Equal(IncidentConfigs.SecurityRoute, incident.Route);
        Assert.Equal(1, incident.LastLevel);
        Assert.Null(incident.NextDueAt);
        Assert.Equal("user-7", incident.Labels["user_id"]);
        Assert.Equal("Threat for user-7", incident.Annotations["summary"]);

        // Resolve: each address that heard of the firing hears of the resolve, once.
        var resolved = await host.ClientFor(tenant).ResolveAsync(new ResolveRequest { IncidentId = incidentId.ToString(), By = "alice" });
        Assert.Equal("resolved", resolved.State);
        await Eventually.TrueAsync(async () => host.Slack.Delivered(tenant).Count >= 2 && (await mail.EmailsToAsync(email)).Count >= 2, "the resolved messages");
        await WaitUntilDeliveredAsync(host);
        Assert.Equal(2, host.Slack.Delivered(tenant).Count);
        Assert.Contains("RESOLVED", host.Slack.Delivered(tenant)[1].Json["text"]!.GetValue<string>());
        Assert.Equal(2, (await mail.EmailsToAsync(email)).Count);
    }

    [Fact]
    public async Task After_a_replica_dies_mid_escalation_the_next_level_fires_once_on_time()
    {
        await using var host = await StartAsync(replicas: 1);
        var tenant = Tenant("crash");
        var email = $"{tenant}@example.com";
        var delay = TimeSpan.FromSeconds(6);
        var policy = IncidentConfigs.Policy("page", repeat: 0, (TimeSpan.Zero, "ops-slack"), (delay, "ops-email"));
        _configs.Set(IncidentConfigs.Security(tenant, policy,
            [IncidentConfigs.Slack("ops-slack", host.Slack.HookUrl(tenant)), IncidentConfigs.Email("ops-email", email)]));

        await PublishAsync(host, new ThreatDetected(tenant, "user-1", 0.8, "require_mfa", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 1, "the level 0 Slack message");

        await host.StopReplicaAsync();
        host.AddReplica();

        await Eventually.TrueAsync(async () => (await mail.EmailsToAsync(email)).Count >= 1, "the level 1 email after the restart", 30);
        await WaitUntilDeliveredAsync(host);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(host.Slack.Delivered(tenant));
        Assert.Single(await mail.EmailsToAsync(email));
        Assert.Equal(1L, await host.CountAsync("select count(*) from incident_deliveries where tenant = @t and level = 1", ("t", tenant)));
        // Due one delay after level 0 went out (the worker polls every 100 ms).
        var late = (TimeSpan)(await ScalarAsync(host,
            """
            select l1.created_at - l0.created_at - @delay from incident_deliveries l1, incident_deliveries l0
            where l1.tenant = @t and l1.level = 1 and l0.tenant = @t and l0.level = 0
            """, ("t", tenant), ("delay", delay)))!;
        Assert.InRange(late, TimeSpan.Zero, TimeSpan.FromSeconds(2.5));
        var sinceStart = (TimeSpan)(await ScalarAsync(host,
            "select d.created_at - i.started_at from incident_deliveries d join incidents i on i.id = d.incident_id where d.tenant = @t and d.level = 1",
            ("t", tenant)))!;
        Assert.InRange(sinceStart, delay, delay + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Two_replicas_send_each_notification_once()
    {
        await using var host = await StartAsync(replicas: 2);
        var tenant = Tenant("two");
        var email = $"{tenant}@example.com";
        var policy = IncidentConfigs.Policy("page", repeat: 0, (TimeSpan.Zero, "ops-slack"), (TimeSpan.FromSeconds(1), "ops-email"));
        _configs.Set(IncidentConfigs.Security(tenant, policy,
            [IncidentConfigs.Slack("ops-slack", host.Slack.HookUrl(tenant)), IncidentConfigs.Email("ops-email", email)]));

        const int users = 8;
        for (var i = 0; i < users; i++)
        {
            await PublishAsync(host, new ThreatDetected(tenant, $"user-{i}", 0.9, "lock_account", DateTimeOffset.UtcNow));
        }
        // The same event again (a new message): the open incident absorbs it.
        await PublishAsync(host, new ThreatDetected(tenant, "user-0", 0.95, "lock_account", DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(async () => host.Slack.Delivered(tenant).Count >= users && (await mail.EmailsToAsync(email)).Count >= users,
            "every level 0 and level 1 message");
        await WaitUntilDeliveredAsync(host);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(users, host.Slack.Delivered(tenant).Count);
        Assert.Equal(users, host.Slack.Attempts(tenant));
        Assert.Equal(users, (await mail.EmailsToAsync(email)).Count);
        Assert.Equal((long)users, await host.CountAsync("select count(*) from incidents where tenant = @t", ("t", tenant)));
        Assert.Equal(2L * users, await host.CountAsync("select count(*) from incident_deliveries where tenant = @t and state = 'sent'", ("t", tenant)));
    }

    [Fact]
    public async Task Quiet_hours_hold_notifications_and_release_one_digest()
    {
        await using var host = await StartAsync(replicas: 1);
        var tenant = Tenant("quiet");
        var email = $"{tenant}@example.com";
        // A window around now in UTC that ends at a minute boundary 20–80 s away (windows are whole minutes).
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var end = minute.AddMinutes(now.Second <= 40 ? 1 : 2);
        var window = new WeeklyWindow(Enum.GetValues<DayOfWeek>().ToHashSet(), TimeOnly.FromDateTime(minute.AddMinutes(-1).UtcDateTime), TimeOnly.FromDateTime(end.UtcDateTime));
        var quiet = new QuietHours(TimeZoneInfo.Utc, [window], new HashSet<string> { "critical" });
        var policy = IncidentConfigs.Policy("page", repeat: 0, (TimeSpan.Zero, "night-email"));
        _configs.Set(IncidentConfigs.Security(tenant, policy, [IncidentConfigs.Email("night-email", email, quiet)], severity: "warning"));

        await PublishAsync(host, new ThreatDetected(tenant, "user-1", 0.7, "require_mfa", DateTimeOffset.UtcNow));
        await PublishAsync(host, new ThreatDetected(tenant, "user-2", 0.9, "lock_account", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await host.CountAsync("select count(*) from incident_deliveries where tenant = @t and state = 'held'", ("t", tenant)) == 2,
            "two held deliveries");
        Assert.Equal(end.UtcDateTime, (DateTime)(await ScalarAsync(host, "select min(hold_until) from incident_deliveries where tenant = @t", ("t", tenant)))!);
        Assert.Equal(end.UtcDateTime, (DateTime)(await ScalarAsync(host, "select max(hold_until) from incident_deliveries where tenant = @t", ("t", tenant)))!);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(await mail.EmailsToAsync(email));

        await Eventually.TrueAsync(async () => (await mail.EmailsToAsync(email)).Count >= 1, "the digest", 120);
        Assert.True(DateTimeOffset.UtcNow >= end);
        await WaitUntilDeliveredAsync(host);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var digest = Assert.Single(await mail.EmailsToAsync(email));
        Assert.Equal("[DIGEST] 2 alerts held during quiet hours", digest.Subject);
        Assert.Contains("Threat for user-1", digest.Text);
        Assert.Contains("Threat for user-2", digest.Text);
        Assert.Contains("/acknowledge?recipient=email%3A", digest.Text);
        Assert.Equal(2L, await host.CountAsync("select count(*) from incident_deliveries where tenant = @t and state = 'digested'", ("t", tenant)));
        Assert.Equal(1L, await host.CountAsync("select count(*) from incident_deliveries where tenant = @t and kind = 'digest' and state = 'sent'", ("t", tenant)));

        // Prometheus sees it: two level-0 steps, both notifications held, one email (the digest) sent.
        using var http = host.Factory.CreateClient();
        var scrape = await http.GetStringAsync("/metrics");
        Assert.Equal(2, PrometheusScrape.Value(scrape, "suite_alerting_escalation_steps_total", "level=\"0\""));
        Assert.Equal(2, PrometheusScrape.Value(scrape, "suite_alerting_quiet_hours_deferred_total"));
        Assert.Equal(1, PrometheusScrape.Value(scrape, "suite_alerting_notifications_total", "channel=\"email\"", "result=\"sent\""));
        Assert.Equal(0, PrometheusScrape.Value(scrape, "suite_alerting_notifications_total", "channel=\"slack\"", "result=\"failed\""));
    }

    private Task<AlertingHost> StartAsync(int replicas) => AlertingHost.StartAsync(infra, mail, replicas,
        services => services.AddSingleton<IConfigSource>(_configs),
        new Dictionary<string, string?>
        {
            ["Alerting:Escalation:Interval"] = "00:00:00.100",
            ["Alerting:Links:PublicBaseUrl"] = "http://localhost",
        });

    private static string Tenant(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static async Task PublishAsync<T>(AlertingHost host, T message) where T : class =>
        await host.Factory.Services.GetRequiredService<IBus>().Publish(message);

    private static async Task<object?> ScalarAsync(AlertingHost host, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = host.Database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        var value2 = await cmd.ExecuteScalarAsync();
        return value2 is DBNull ? null : value2;
    }

    /// <summary>Rows commit after sending: once none is pending or waiting in a group, every send that will happen has happened.</summary>
    private static Task WaitUntilDeliveredAsync(AlertingHost host) =>
        Eventually.TrueAsync(async () => await host.CountAsync("select count(*) from incident_deliveries where state in ('pending', 'grouping')") == 0,
            "no pending incident deliveries");
}
