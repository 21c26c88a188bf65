using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// KPI rules of an imported configuration document, evaluated against the metrics double: a threshold rule opens an
/// incident that reaches Slack and is resolved by the rule when the KPI recovers; a z-score rule fires on a spike.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class KpiRuleTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>
{
    [Fact]
    public async Task A_threshold_rule_opens_an_incident_and_resolves_it_when_the_kpi_recovers()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail);
        var tenant = "kpi-" + Guid.NewGuid().ToString("N")[..8];
        host.Metrics.Board.Set(tenant, "login_failure_rate", 0.5, 50, 100);
        await ImportAsync(host, tenant, """
              - name: login-failures-high
                severity: critical
                kpi: login_failure_rate
                annotations:
                  summary: "Login failures at {{ $value:F2 }}"
                threshold:
                  op: above
                  value: 0.2
                  window: 5m
            """);

        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 1, "the firing Slack message");
        Assert.Contains("Login failures at 0.50", host.Slack.Delivered(tenant)[0].Body);
        var windowAsked = host.Metrics.Board.Calls.First(c => c.Tenant == tenant && c.Request.Kpi == "login_failure_rate").Request;
        Assert.Equal(TimeSpan.FromMinutes(5), windowAsked.To.ToDateTimeOffset() - windowAsked.From.ToDateTimeOffset());

        host.Metrics.Board.Set(tenant, "login_failure_rate", 0.1, 10, 100);
        await Eventually.TrueAsync(async () => await host.CountAsync(
            "select count(*) from incidents where tenant = @t and state = 'resolved' and resolved_by = 'rule'", ("t", tenant)) == 1, "the rule to resolve its incident");
        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 2, "the resolved Slack message");
        await Task.Delay(1000);   // more evaluation cycles: still one incident, two messages
        Assert.Equal(2, host.Slack.Delivered(tenant).Count);
        Assert.Equal(1, await host.CountAsync("select count(*) from incidents where tenant = @t", ("t", tenant)));
        Assert.Equal(0, await host.CountAsync("select count(*) from rule_states where tenant = @t and firing", ("t", tenant)));
    }

    [Fact]
    public async Task A_threshold_with_for_fires_only_after_holding_across_cycles()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail);
        var tenant = "kpi-" + Guid.NewGuid().ToString("N")[..8];
        host.Metrics.Board.Set(tenant, "login_failure_rate", 0.5, 50, 100);
        await ImportAsync(host, tenant, """
              - name: login-failures-held
                severity: warning
                kpi: login_failure_rate
                threshold:
                  op: above
                  value: 0.2
                  for: 3s
            """);
        // Pending from the first evaluation on: the memory (pending since) must survive the 200 ms cycles.
        await Eventually.TrueAsync(async () => await host.CountAsync(
            "select count(*) from rule_states where tenant = @t and memory ? 'pendingSince' and memory->>'pendingSince' is not null", ("t", tenant)) == 1,
            "the rule to be pending");
        var pendingAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 1, "the held rule to fire", 30);
        Assert.True(DateTimeOffset.UtcNow - pendingAt >= TimeSpan.FromSeconds(2), "fired only after the condition held for `for`");
        Assert.Equal(1, await host.CountAsync("select count(*) from incidents where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task A_zscore_rule_fires_on_a_spike_in_the_last_complete_bucket_and_not_before()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail);
        var tenant = "kpi-" + Guid.NewGuid().ToString("N")[..8];
        // The series is anchored to this minute: if the minute ended during the quiet part, the in-progress bucket
        // (value 1) would become the last complete one and fire. Start early in a minute.
        if (DateTimeOffset.UtcNow.Second >= 30)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - DateTimeOffset.UtcNow.Second));
        }
        var minute = DateTimeOffset.UtcNow;
        minute = new DateTimeOffset(minute.Year, minute.Month, minute.Day, minute.Hour, minute.Minute, 0, TimeSpan.Zero);
        IReadOnlyList<KpiPoint> Series(double last) => Enumerable.Range(1, 25).Reverse()
            .Select(back => new KpiPoint
            {
                Start = Timestamp.FromDateTimeOffset(minute.AddMinutes(-back)),
                HasValue = true,
                Value = back == 1 ? last : 100 + (back % 3),   // 100..102, then the latest complete minute
                Numerator = 100,
            })
            .Append(new KpiPoint { Start = Timestamp.FromDateTimeOffset(minute), HasValue = true, Value = 1, Numerator = 1 })   // in progress: ignored
            .ToList();
        host.Metrics.Board.SetSeries(tenant, "events_count", Series(101));
        await ImportAsync(host, tenant, """
              - name: traffic-anomaly
                severity: warning
                kpi: events_count
                anomaly:
                  method: zscore
                  window: 20
                  k: 3
                  step: 1m
            """);
        await Eventually.TrueAsync(async () => await host.CountAsync("select count(*) from rule_states where tenant = @t and last_evaluated_at is not null", ("t", tenant)) == 1,
            "a first evaluation");
        await Task.Delay(600);
        Assert.Empty(host.Slack.Delivered(tenant));   // 101 is ordinary; the in-progress bucket's 1 is not looked at

        host.Metrics.Board.SetSeries(tenant, "events_count", Series(160));
        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 1, "the anomaly Slack message");
        Assert.Contains("traffic-anomaly", host.Slack.Delivered(tenant)[0].Body);
    }

    [Fact]
    public async Task Rules_asking_the_same_query_share_one_query_to_metrics()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail);
        var tenant = "kpi-" + Guid.NewGuid().ToString("N")[..8];
        host.Metrics.Board.Set(tenant, "login_failure_rate", 0.5, 50, 100);
        await ImportAsync(host, tenant, """
              - name: failures-above-20
                severity: warning
                kpi: login_failure_rate
                threshold:
                  op: above
                  value: 0.2
                  window: 5m
              - name: failures-above-30
                severity: critical
                kpi: login_failure_rate
                threshold:
                  op: above
                  value: 0.3
                  window: 5m
              - name: failures-above-40-hourly
                severity: critical
                kpi: login_failure_rate
                threshold:
                  op: above
                  value: 0.4
                  window: 1h
            """);

        await Eventually.TrueAsync(async () => await host.CountAsync(
            "select count(*) from rule_states where tenant = @t and firing", ("t", tenant)) == 3, "all three rules to fire from the shared answers");

        // Three rules, two distinct queries (the 5m window twice, the 1h window once), in one call per cycle.
        var batches = host.Metrics.Board.BatchCalls.Where(c => c.Tenant == tenant).ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(2, b.Queries));
        Assert.Equal(2 * batches.Count, host.Metrics.Board.CallsFor(tenant));
    }

    [Fact]
    public async Task A_failed_query_is_an_error_for_its_rule_alone_and_a_failed_call_for_every_rule_in_it()
    {
        await using var host = await AlertingHost.StartAsync(infra, mail);
        var tenant = "kpi-" + Guid.NewGuid().ToString("N")[..8];
        host.Metrics.Board.Set(tenant, "login_failure_rate", 0.5, 50, 100);   // checkout_errors is unknown to the double: NotFound
        await ImportAsync(host, tenant, """
              - name: login-failures-high
                severity: critical
                kpi: login_failure_rate
                threshold:
                  op: above
                  value: 0.2
                  window: 5m
              - name: checkout-errors-high
                severity: critical
                kpi: checkout_errors
                threshold:
                  op: above
                  value: 10
                  window: 5m
            """);

        await Eventually.TrueAsync(() => host.Slack.Delivered(tenant).Count >= 1, "the good rule's Slack message");
        Assert.Contains("login-failures-high", host.Slack.Delivered(tenant)[0].Body);
        Assert.Equal(1, await host.CountAsync(
            "select count(*) from rule_states where tenant = @t and rule = 'checkout-errors-high' and last_evaluated_at is null and not firing", ("t", tenant)));

        // The whole call fails: no rule of it is evaluated, the firing one keeps firing (nothing resolves on an error).
        host.Metrics.Board.FailCalls(tenant, Grpc.Core.StatusCode.Unavailable);
        host.Metrics.Board.Set(tenant, "login_failure_rate", 0.1, 10, 100);
        var failedSoFar = host.Metrics.Board.BatchCalls.Count(c => c.Tenant == tenant);
        await Eventually.TrueAsync(() => host.Metrics.Board.BatchCalls.Count(c => c.Tenant == tenant) >= failedSoFar + 3, "three failed calls");
        var lastEvaluated = await host.CountAsync(
            "select count(*) from rule_states where tenant = @t and firing and last_evaluated_at < now() - interval '300 milliseconds'", ("t", tenant));
        Assert.Equal(1, lastEvaluated);
        Assert.Equal(0, await host.CountAsync("select count(*) from incidents where tenant = @t and state = 'resolved'", ("t", tenant)));

        host.Metrics.Board.FailCalls(tenant, null);
        await Eventually.TrueAsync(async () => await host.CountAsync(
            "select count(*) from incidents where tenant = @t and state = 'resolved' and resolved_by = 'rule'", ("t", tenant)) == 1, "the rule to resolve once metrics answers");
    }

    private static async Task ImportAsync(AlertingHost host, string tenant, string rules)
    {
        var yaml = $"""
            recipients:
              - name: ops
                slack:
                  webhook_url: {host.Slack.HookUrl(tenant)}
            routes:
              receiver: ops
              group_wait: 0s
            rules:
            {rules}
            """;
        await host.ConfigClientFor(tenant).ImportConfigAsync(new ImportConfigRequest { Yaml = yaml });
    }
}
