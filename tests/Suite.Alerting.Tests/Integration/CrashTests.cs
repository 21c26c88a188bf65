using Grpc.Core;
using Grpc.Core.Interceptors;
using MassTransit;
using Npgsql;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Events;
using Suite.Hosting.Processes;
using Suite.Testing;
using Xunit.Abstractions;
using AlertConfigClient = Suite.Contracts.Alerting.V1.AlertConfig.AlertConfigClient;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// kill -9 of the real alerting process (a child process, not the in-process host) in the middle of an escalation:
/// the process that starts next on the same database fires the next level once, one delay after the previous level
/// went out, and does not repeat the level that had gone out.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class CrashTests(InfraFixture infra, MailSink mail, ITestOutputHelper output) : IClassFixture<MailSink>, IDisposable
{
    private static readonly TimeSpan Level1Delay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(4);

    private readonly string _stateDir = Directory.CreateTempSubdirectory("suite-alerting-crash-").FullName;
    private ProcessTracker? _tracker;

    [Fact]
    public async Task Kill_9_mid_escalation_fires_the_next_level_once_at_the_right_time()
    {
        var database = await infra.CreateServiceDatabaseAsync("alerting_crash");
        var rabbitMq = await infra.CreateVirtualHostAsync("alerting-crash");
        await using var metrics = await MetricsDouble.StartAsync();
        await using var slack = await SlackSink.StartAsync();
        await using var db = NpgsqlDataSource.Create(SystemScope.AllTenantsConnectionString(database));
        _tracker = new ProcessTracker(_stateDir, deleteStateDirOnOrphan: true);
        var log = Path.Combine(_stateDir, "alerting.log");
        var settings = ServiceFactory.Settings("alerting", database, rabbitMq);
        settings["ConnectionStrings:smtp"] = mail.SmtpConnectionString;
        settings["services:metrics:grpc:0"] = metrics.Address;
        settings["Alerting:EvaluationInterval"] = "00:00:00.200";
        settings["Alerting:Escalation:Interval"] = "00:00:00.100";
        settings["Alerting:Notifier:PollInterval"] = "00:00:00.100";
        settings["Alerting:Notifier:RetryBaseDelay"] = "00:00:00.100";
        settings["Alerting:Notifier:RetryMaxDelay"] = "00:00:00.500";
        var tenant = $"crash-{Guid.NewGuid():N}"[..20];
        var email = $"{tenant}@example.com";

        Log("starting alerting (1)");
        using (var first = await ServiceProcess.StartAsync("alerting", _tracker, settings, log))
        {
            await ConfigClient(first, tenant).ImportConfigAsync(new ImportConfigRequest { Yaml = Document(slack.HookUrl(tenant), email) });
            await PublishAsync(rabbitMq, new ThreatDetected(tenant, "user-1", 0.9, "lock_account", DateTimeOffset.UtcNow));

            await Eventually.TrueAsync(() => slack.Delivered(tenant).Count >= 1, "the level 0 Slack message");
            // Delivery is at-least-once: a kill between the POST and its commit would send level 0 again, by design.
            // This test is about the escalation, so it kills once level 0 is recorded as sent.
            await Eventually.TrueAsync(async () => await CountAsync(db, "select count(*) from incident_deliveries where tenant = @t and level = 0 and state = 'sent'", tenant) == 1,
                "the level 0 delivery committed as sent");
            Log("kill -9");
            await first.KillAsync();
            Assert.True(first.HasExited);
        }
        Assert.Equal(0L, await CountAsync(db, "select count(*) from incident_deliveries where tenant = @t and level = 1", tenant));
        Assert.Empty(await mail.EmailsToAsync(email));

        Log("starting alerting (2)");
        using (var second = await ServiceProcess.StartAsync("alerting", _tracker, settings, log))
        {
            Log("alerting (2) is healthy");
            await Eventually.TrueAsync(async () => (await mail.EmailsToAsync(email)).Count >= 1, "the level 1 email after the restart", 30);
            Log("level 1 email received");
            // Longer than the worker's and the notifier's polls: a second send would have happened by now.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(second.HasExited);
        }

        Assert.Single(await mail.EmailsToAsync(email));
        Assert.Single(slack.Delivered(tenant));
        Assert.Equal(1, slack.Attempts(tenant));
        Assert.Equal(1L, await CountAsync(db, "select count(*) from incident_deliveries where tenant = @t and level = 0", tenant));
        Assert.Equal(1L, await CountAsync(db, "select count(*) from incident_deliveries where tenant = @t and level = 1 and state = 'sent' and attempts = 1", tenant));
        Assert.Equal(2L, await CountAsync(db, "select count(*) from incident_deliveries where tenant = @t", tenant));

        // The level went out (its delivery row, created_at) and was sent (sent_at) one delay after level 0 fired, not
        // earlier. (Level 0's own send took a moment after it fired: sent-to-sent may be a little under the delay.)
        await using var cmd = db.CreateCommand(
            """
            select l1.created_at - l0.created_at, l1.sent_at - l0.created_at from incident_deliveries l0, incident_deliveries l1
            where l0.tenant = @t and l0.level = 0 and l1.tenant = @t and l1.level = 1
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (fired, sent) = (reader.GetFieldValue<TimeSpan>(0), reader.GetFieldValue<TimeSpan>(1));
        Log($"level 1 fired {fired.TotalSeconds:F3} s and was sent {sent.TotalSeconds:F3} s after level 0");
        Assert.InRange(fired, Level1Delay, Level1Delay + Tolerance);
        Assert.InRange(sent, Level1Delay, Level1Delay + Tolerance);
    }

    /// <summary>Slack at once, email 10 s later, for threat_detected; the root route carries the policy.</summary>
    private static string Document(string hookUrl, string email) => $$$"""
        recipients:
          - name: ops-slack
            slack:
              webhook_url: {{{hookUrl}}}
          - name: ops-email
            email:
              to: [{{{email}}}]
        policies:
          - name: page
            levels:
              - delay: 0s
                targets: [ops-slack]
              - delay: {{{(int)Level1Delay.TotalSeconds}}}s
                targets: [ops-email]
        routes:
          receiver: ops-slack
          policy: page
          group_wait: 0s
        rules:
          - name: threat
            severity: critical
            annotations:
              summary: "Threat for {{ $labels.user_id }}"
            event:
              type: threat_detected
        """;

    private AlertConfigClient ConfigClient(ServiceProcess service, string tenant)
    {
        var token = infra.TokenFor(tenant);
        return new AlertConfigClient(service.Channel.Intercept(m =>
        {
            m.Add("Authorization", "Bearer " + token);
            return m;
        }));
    }

    /// <summary>Publishes on the vhost from a bus of the test's own, as another service would.</summary>
    private static async Task PublishAsync<T>(string rabbitMq, T message) where T : class
    {
        var uri = new Uri(rabbitMq);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await bus.StartAsync();
        try
        {
            await bus.Publish(message);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql, string tenant)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue("t", tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private void Log(string what) => output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {what}");

    public void Dispose()
    {
        _tracker?.Dispose();
        if (Environment.GetEnvironmentVariable("SUITE_TEST_KEEP") == "1")
        {
            return;
        }
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
