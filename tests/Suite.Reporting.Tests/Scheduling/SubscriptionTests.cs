using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Scheduling;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;
using static Suite.Reporting.Tests.ReportingTestHost;

namespace Suite.Reporting.Tests.Scheduling;

/// <summary>
/// Subscriptions against real PostgreSQL, a real SMTP sink and a Slack listener, with the scheduler driven by a fake
/// clock: the run fires at 06:00 New York time across the DST change, once with two replicas; a missed run is caught
/// up once (or skipped); a failed delivery is retried without sending twice.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class SubscriptionTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private static readonly string LinkKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private ReportingTestHost _env = null!;

    public async Task InitializeAsync() => _env = await ReportingTestHost.StartAsync(infra, slack: true);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_daily_0600_new_york_run_fires_at_the_local_time_across_dst_once_with_two_replicas_and_is_delivered()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-07T12:00:00Z"));
        await using var first = NewFactory(clock);
        await using var second = NewFactory(clock);
        var tenant = Tenant("dst");
        var email = $"{tenant}@example.com";
        var hook = _env.Slack.HookUrl(tenant);
        var created = await Client(first).CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = Daily(email, hook),
        }, _env.Auth(tenant));
        Assert.Equal(Utc("2026-03-08T10:00:00Z"), created.NextRunAt.ToDateTimeOffset());   // 06:00 EDT, the day DST starts

        clock.SetUtcNow(Utc("2026-03-08T09:59:59Z"));
        Assert.Equal(0, await Scheduler(first).PlanOnceAsync(CancellationToken.None));

        clock.SetUtcNow(Utc("2026-03-08T10:00:05Z"));
        var planned = await Task.WhenAll(Scheduler(first).PlanOnceAsync(CancellationToken.None), Scheduler(second).PlanOnceAsync(CancellationToken.None));
        Assert.Equal(1, planned.Sum());
        var executed = await Task.WhenAll(Scheduler(first).ExecuteNextAsync(CancellationToken.None), Scheduler(second).ExecuteNextAsync(CancellationToken.None));
        Assert.Equal(1, executed.Count(e => e));
        Assert.Equal(0, await Scheduler(second).PlanOnceAsync(CancellationToken.None));
        Assert.False(await Scheduler(second).ExecuteNextAsync(CancellationToken.None));

        var run = Assert.Single((await Client(second).ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs);
        Assert.Equal(("succeeded", "schedule", 1, ""), (run.Status, run.Trigger, run.Attempts, run.Error));
        Assert.Equal(Utc("2026-03-08T10:00:00Z"), run.ScheduledFor.ToDateTimeOffset());
        Assert.Equal(Utc("2026-03-07T11:00:00Z"), run.PeriodFrom.ToDateTimeOffset());   // 06:00 EST the day before: 23 hours
        Assert.Equal(2, run.Recipients.Count);
        Assert.True(run.SizeBytes > 1000);
        var (_, query) = Assert.Single(_env.Metrics.Received, r => r.Tenant == tenant);
        Assert.Equal((Utc("2026-03-07T11:00:00Z"), Utc("2026-03-08T10:00:00Z"), "login_success_rate"),
            (query.From.ToDateTimeOffset(), query.To.ToDateTimeOffset(), query.Kpi));
        Assert.Equal("auth", query.Filters["domain"]);
        Assert.Equal(Utc("2026-03-09T10:00:00Z"), (await Client(first).GetSubscriptionAsync(new GetSubscriptionRequest { Id = created.Id }, _env.Auth(tenant))).NextRunAt.ToDateTimeOffset());

        var mailed = Assert.Single(await mail.EmailsToAsync(email));
        Assert.Equal("Daily logins: 2026-03-07 06:00 – 2026-03-08 06:00 (America/New_York)", mailed.Subject);
        Assert.Contains("login_success_rate: 87.50 %", mailed.Text);
        var attachment = Assert.Single(mailed.Attachments!);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.EndsWith(".pdf", attachment.FileName);

        var post = Assert.Single(_env.Slack.Delivered(tenant)).Json;
        Assert.Contains("login_success_rate: 87.50 %", post["text"]!.GetValue<string>());
        var link = new Uri(post["blocks"]![2]!["elements"]![0]!["url"]!.GetValue<string>());
        Assert.StartsWith("http://reports.test/reports/", link.AbsoluteUri);
        using var http = first.CreateClient();
        using (var download = await http.GetAsync(link.PathAndQuery))
        {
            download.EnsureSuccessStatusCode();
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            var bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
            Assert.Single(PdfText.Pages(bytes));
        }
        using (var forged = await http.GetAsync(link.PathAndQuery[..^2] + "AA"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, forged.StatusCode);
        }
        clock.Advance(TimeSpan.FromDays(8));
        using (var expired = await http.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(System.Net.HttpStatusCode.Gone, expired.StatusCode);
        }
    }

    [Fact]
    public async Task A_run_missed_while_down_is_caught_up_once_or_skipped_per_subscription()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-08T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var tenant = Tenant("late");
        var email = $"{tenant}@example.com";
        var once = await Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = Daily(email, null) }, _env.Auth(tenant));
        var skip = Daily(email, null);
        skip.Name = "Daily logins, skip";
        skip.CatchUp = "skip";
        var skipped = await Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = skip }, _env.Auth(tenant));

        // Down from before the 9th's run until two hours after the 11th's.
        clock.SetUtcNow(Utc("2026-03-11T12:00:00Z"));
        Assert.Equal(2, await Scheduler(factory).PlanOnceAsync(CancellationToken.None));
        Assert.True(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));
        Assert.False(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));

        var runs = (await Client(factory).ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs;
        var caughtUp = Assert.Single(runs, r => r.SubscriptionId == once.Id);
        Assert.Equal(("succeeded", "catch_up", 2), (caughtUp.Status, caughtUp.Trigger, caughtUp.Missed));
        Assert.Equal(Utc("2026-03-11T10:00:00Z"), caughtUp.ScheduledFor.ToDateTimeOffset());
        var passed = Assert.Single(runs, r => r.SubscriptionId == skipped.Id);
        Assert.Equal(("skipped", 0), (passed.Status, passed.Attempts));
        var mailed = Assert.Single(await mail.EmailsToAsync(email));
        Assert.Contains("Sent late", mailed.Text);
        foreach (var id in new[] { once.Id, skipped.Id })
        {
            var next = (await Client(factory).GetSubscriptionAsync(new GetSubscriptionRequest { Id = id }, _env.Auth(tenant))).NextRunAt;
            Assert.Equal(Utc("2026-03-12T10:00:00Z"), next.ToDateTimeOffset());
        }
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_after_the_delay_without_sending_twice()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-07T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var tenant = Tenant("retry");
        var email = $"{tenant}@example.com";
        await Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = Daily(email, _env.Slack.HookUrl(tenant)) }, _env.Auth(tenant));
        _env.Slack.FailNext(tenant, 1, 503);

        clock.SetUtcNow(Utc("2026-03-08T10:00:00Z"));
        await Scheduler(factory).PlanOnceAsync(CancellationToken.None);
        Assert.True(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));
        var pending = Assert.Single((await Client(factory).ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs);
        Assert.Equal(("pending", 1), (pending.Status, pending.Attempts));
        Assert.Contains("HTTP 503", pending.Error);
        Assert.Equal([$"email:{email}"], pending.Recipients);
        Assert.False(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));   // not before the retry delay

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));
        var done = Assert.Single((await Client(factory).ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs);
        Assert.Equal(("succeeded", 2, ""), (done.Status, done.Attempts, done.Error));
        Assert.Single(done.ReportIds);   // rendered once, reused by the retry
        Assert.Single(await mail.EmailsToAsync(email));
        Assert.Single(_env.Slack.Delivered(tenant));
        Assert.Equal(2, _env.Slack.Attempts(tenant));
    }

    [Fact]
    public async Task A_health_scorecard_subscription_renders_the_business_report_in_each_format_and_mails_it()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-31T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var tenant = Tenant("health");
        var email = $"{tenant}@example.com";
        var subscription = new Subscription
        {
            Name = "Monthly health",
            ReportType = "health_scorecard",
            Cron = "0 6 1 * *",
            TimeZone = "Europe/Berlin",
            Formats = { ReportFormat.Pdf, ReportFormat.Xlsx },
            Emails = { email },
            SlackWebhooks = { _env.Slack.HookUrl(tenant) },
            Enabled = true,
        };
        var created = await Client(factory).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = subscription }, _env.Auth(tenant));
        Assert.Equal(Utc("2026-04-01T04:00:00Z"), created.NextRunAt.ToDateTimeOffset());   // 06:00 CEST on the 1st

        clock.SetUtcNow(Utc("2026-04-01T04:00:10Z"));
        Assert.Equal(1, await Scheduler(factory).PlanOnceAsync(CancellationToken.None));
        Assert.True(await Scheduler(factory).ExecuteNextAsync(CancellationToken.None));
        var run = Assert.Single((await Client(factory).ListRunsAsync(new ListRunsRequest(), _env.Auth(tenant))).Runs);
        Assert.Equal(("succeeded", ""), (run.Status, run.Error));
        Assert.Equal(2, run.ReportIds.Count);

        var mailed = Assert.Single(await mail.EmailsToAsync(email));
        Assert.Equal(["application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], mailed.Attachments!.Select(a => a.ContentType));
        Assert.Contains("Critical: 1 (20.0 %)", mailed.Text);
        var post = Assert.Single(_env.Slack.Delivered(tenant)).Json;
        Assert.Contains("Accounts: 5", post["text"]!.GetValue<string>());
        Assert.Equal(2, post["blocks"]![2]!["elements"]!.AsArray().Count);   // a download button per format

        // The PDF itself, as GetReport streams it: the accounts worst first with their actions.
        var pdf = await _env.DownloadAsync(factory, tenant, run.ReportIds[0]);
        var text = string.Join("\n", PdfText.Pages(pdf));
        Assert.Contains("Customer health scorecard", text);
        Assert.Contains("30 days to 2026-03-31 (UTC)", text);
        Assert.True(text.IndexOf("acct-critical", StringComparison.Ordinal) < text.IndexOf("acct-risk", StringComparison.Ordinal));
        Assert.Contains("Call the owner this week", text);
        Assert.Contains("Check-in and training session", text);
        Assert.Contains("acct-critical 18.5 critical no users 0 1 4 0 Call the owner this week", text);   // metrics' user count: 0
        Assert.Contains("low engagement", text);   // the nine columns fit: the table is set small enough, nothing cut
        Assert.DoesNotContain("…", text);
    }

    [Fact]
    public async Task Subscriptions_are_validated_field_by_field_and_scoped_to_the_tenant()
    {
        var clock = new FakeTimeProvider(Utc("2026-06-01T12:00:00Z"));
        await using var factory = NewFactory(clock);
        var client = Client(factory);
        var tenant = Tenant("crud");

        var bad = new Subscription
        {
            Name = "",
            ReportType = "kpi",
            Parameters = { ["granularity"] = "week", ["colour"] = "red" },
            Cron = "0 6 * *",
            TimeZone = "Mars/Olympus",
            CatchUp = "always",
            Emails = { "not-an-address" },
            SlackWebhooks = { "hooks.slack.com/x" },
        };
        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = bad }, _env.Auth(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            new[]
            {
                "subscription.name", "subscription.parameters[kpi]", "subscription.parameters[granularity]", "subscription.parameters[colour]",
                "subscription.cron", "subscription.time_zone", "subscription.catch_up", "subscription.emails[0]", "subscription.slack_webhooks[0]",
            },
            error.FieldViolations().Select(v => v.Field));

        var created = await client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = Daily("a@example.com", null) }, _env.Auth(tenant));
        Assert.Equal(StatusCode.AlreadyExists, (await Assert.ThrowsAsync<RpcException>(() =>
            client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = Daily("b@example.com", null) }, _env.Auth(tenant)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            client.GetSubscriptionAsync(new GetSubscriptionRequest { Id = created.Id }, _env.Auth(Tenant("other"))).ResponseAsync)).StatusCode);

        var weekly = created.Clone();
        weekly.Cron = "0 8 * * 1";
        weekly.TimeZone = "Europe/Berlin";
        var updated = await client.UpdateSubscriptionAsync(new UpdateSubscriptionRequest { Subscription = weekly }, _env.Auth(tenant));
        Assert.Equal(Utc("2026-06-08T06:00:00Z"), updated.NextRunAt.ToDateTimeOffset());   // Monday 08:00 CEST
        Assert.Equal([ReportFormat.Pdf], updated.Formats);
        var disabled = updated.Clone();
        disabled.Enabled = false;
        Assert.Null((await client.UpdateSubscriptionAsync(new UpdateSubscriptionRequest { Subscription = disabled }, _env.Auth(tenant))).NextRunAt);

        Assert.Single((await client.ListSubscriptionsAsync(new ListSubscriptionsRequest(), _env.Auth(tenant))).Subscriptions);
        await client.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Id = created.Id }, _env.Auth(tenant));
        Assert.Empty((await client.ListSubscriptionsAsync(new ListSubscriptionsRequest(), _env.Auth(tenant))).Subscriptions);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            client.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Id = created.Id }, _env.Auth(tenant)).ResponseAsync)).StatusCode);
    }

    private static Subscription Daily(string email, string? hook)
    {
        var subscription = new Subscription
        {
            Name = "Daily logins",
            ReportType = "kpi",
            Parameters = { ["kpi"] = "login_success_rate", ["granularity"] = "hour", ["filter.domain"] = "auth" },
            Cron = "0 6 * * *",
            TimeZone = "America/New_York",
            Formats = { ReportFormat.Pdf },
            Emails = { email },
            Enabled = true,
        };
        if (hook is not null)
        {
            subscription.SlackWebhooks.Add(hook);
        }
        return subscription;
    }

    private WebApplicationFactory<Program> NewFactory(FakeTimeProvider clock) => _env.NewFactory(clock, new Dictionary<string, string?>
    {
        ["ConnectionStrings:smtp"] = mail.SmtpConnectionString,
        ["Reporting:Scheduler:RetryDelay"] = "00:01:00",
        ["Reporting:Links:PublicBaseUrl"] = "http://reports.test",
        ["Reporting:Links:SigningKey"] = LinkKey,
    });
}
