using Grpc.Core;
using Suite.Contracts.Alerting.V1;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>TestNotification: a test message to one recipient of the tenant's document, now, through the real channels.</summary>
[Collection(InfraCollection.Name)]
public sealed class TestNotificationTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>
{
    [Fact]
    public async Task Sends_to_every_channel_of_the_recipient_and_reports_each_target()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail, settings: new Dictionary<string, string?>
        {
            ["Alerting:Links:PublicBaseUrl"] = "http://localhost",
        });
        var tenant = $"test-{Guid.NewGuid():N}"[..20];
        var email = $"{tenant}@example.com";
        var hook = host.Slack.HookUrl(tenant);
        await host.ConfigClientFor(tenant).ImportConfigAsync(new ImportConfigRequest { Yaml = $$"""
            recipients:
              - name: ops
                slack:
                  webhook_url: {{hook}}
                email:
                  to: [{{email}}]
            routes:
              receiver: ops
            """ });
        var client = host.ClientFor(tenant);

        var all = await client.TestNotificationAsync(new TestNotificationRequest { Recipient = "ops" });

        Assert.Equal(
            [("email", email, "sent", ""), ("slack", hook, "sent", "")],
            all.Results.Select(r => (r.Channel, r.Target, r.Result, r.Error)).OrderBy(r => r.Channel));
        var post = Assert.Single(host.Slack.Delivered(tenant));
        Assert.Contains("Test notification", post.Json["text"]!.GetValue<string>());
        // No Acknowledge/Resolve buttons: there is no incident behind a test message.
        Assert.Equal(["header", "section", "context"], post.Json["blocks"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()));
        var mailed = Assert.Single(await mail.EmailsToAsync(email));
        Assert.Equal("[FIRING] Test notification: a test for recipient 'ops': alerts reach you here = 0", mailed.Subject);
        Assert.DoesNotContain("/alerts/", mailed.Text);
        // Sent directly, not through the delivery queue.
        Assert.Equal(0L, await host.CountAsync("select count(*) from incident_deliveries"));
        Assert.Equal(0L, await host.CountAsync("select count(*) from notifications"));

        // One channel only; a failing target is reported, not retried.
        host.Slack.FailNext(tenant, 1, 500);
        var slackOnly = await client.TestNotificationAsync(new TestNotificationRequest { Recipient = "ops", Channel = "slack" });
        var failed = Assert.Single(slackOnly.Results);
        Assert.Equal(("slack", hook, "failed", "HTTP 500: boom"), (failed.Channel, failed.Target, failed.Result, failed.Error));
        await Task.Delay(500);
        Assert.Equal(2, host.Slack.Attempts(tenant));
        Assert.Single(await mail.EmailsToAsync(email));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.TestNotificationAsync(new TestNotificationRequest { Recipient = "nobody" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("recipient 'nobody' is not in the configuration", unknown.Status.Detail);
        // Another tenant's recipient is not found either.
        var other = await Assert.ThrowsAsync<RpcException>(() => host.ClientFor("someone-else").TestNotificationAsync(new TestNotificationRequest { Recipient = "ops" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
        var noWebhook = await Assert.ThrowsAsync<RpcException>(() => client.TestNotificationAsync(new TestNotificationRequest { Recipient = "ops", Channel = "webhook" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, noWebhook.StatusCode);
        var badChannel = await Assert.ThrowsAsync<RpcException>(() => client.TestNotificationAsync(new TestNotificationRequest { Recipient = "ops", Channel = "pager" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badChannel.StatusCode);
    }
}
