using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Suite.Bench;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Auth;

namespace Suite.AlertingBench;

/// <summary>
/// PostgreSQL + RabbitMQ + a fake metrics server and Slack hooks in this process + the built alerting service, then:
/// the KPI rule cycle over o.Tenants × o.Rules rules, read from the service's /metrics cycle by cycle; and the time
/// from the decision to send (delivery row, incident start) to the Slack POST when o.Fire rules start firing in one
/// cycle, and again when they resolve.
/// </summary>
public static class AlertingBenchRunner
{
    private const string SigningKey = "alerting-bench-signing-key-0123456789abcdef";

    /// <summary>Alerting's KpiRuleCycle.QueriesPerCall (the service is a child process, not a referenced assembly).</summary>
    private const int QueriesPerCall = 200;

    public static async Task<int> RunAsync(AlertingBenchOptions o)
    {
        using var stop = new StopSignals();
        var ct = stop.Token;
        var loadBefore = LoadAverage();
        await using var infra = await BenchInfra.StartAsync("suite-abench", o.Keep, ct);
        var database = await infra.Postgres.CreateDatabaseAsync("alerting", ct);
        var vhost = await infra.RabbitMq.CreateVirtualHostAsync("bench", ct);
        await using var fake = await FakeMetrics.StartAsync();
        await using var hooks = await SlackHooks.StartAsync();
        var baseline = await MetricsAloneAsync(fake, o, ct);
        if (o.AsyncCommit)
        {
            await using var admin = NpgsqlDataSource.Create(database);
            await using var set = admin.CreateCommand("alter system set synchronous_commit = off");
            await set.ExecuteNonQueryAsync(ct);
            await using var reload = admin.CreateCommand("select pg_reload_conf()");
            await reload.ExecuteNonQueryAsync(ct);
        }

        await using var service = await ServiceProcess.StartAsync("alerting", infra.StateDir, infra.Tracker, new Dictionary<string, string?>
        {
            ["ConnectionStrings__alertingdb"] = database,
            ["ConnectionStrings__rabbitmq"] = vhost,
            ["ConnectionStrings__smtp"] = "smtp://127.0.0.1:2525",   // no email recipients: never dialled
            ["services__metrics__grpc__0"] = fake.Address,
            ["Auth__SigningKey"] = SigningKey,
            ["Alerting__EvaluationInterval"] = TimeSpan.FromSeconds(o.Interval).ToString("c", CultureInfo.InvariantCulture),
            ["Alerting__EvaluationConcurrency"] = o.Concurrency.ToString(CultureInfo.InvariantCulture),
            ["DOTNET_PerfMapEnabled"] = o.PerfMap ? "1" : null,
            ["DOTNET_EnableWriteXorExecute"] = o.PerfMap ? "0" : null,   // perf cannot name frames in the double-mapped code
        }, ct);
        Log($"alerting at {service.GrpcAddress} ({ServiceProcess.Configuration}), metrics fake at {fake.Address}, Slack hooks at {hooks.Address}");
        await using var db = NpgsqlDataSource.Create(database);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var import = await ImportAsync(service, hooks, o, ct);
        foreach (var (tenant, rule) in BenchDocuments.Firing(o))
        {
            fake.HotShards[(tenant, BenchDocuments.Shard(rule))] = true;
        }

        Log($"waiting for every rule's first evaluation, then {o.Warmup} more cycles (warm-up)");
        await UntilAsync(async () => await ScalarAsync(db, "select count(*) from rule_states where last_evaluated_at is not null", ct) == o.TotalRules,
            TimeSpan.FromMinutes(5), "every rule evaluated once", ct);
        if (o.Warmup > 0)
        {
            await NextCyclesAsync(http, service, o.Warmup, ct);
        }

        Log($"measuring {o.Cycles} cycles of {o.TotalRules:N0} rules every {o.Interval} s");
        var (fakeCalls, fakeQueries, fakeTime) = (fake.Calls, fake.Queries, fake.ServerTime);
        var postgresPid = infra.Postgres.ProcessId!.Value;
        var (serviceCpu, benchCpu, postgresCpu, machine, steal) =
            (service.CpuTime(), CpuStats.ProcessCpu(Environment.ProcessId), CpuStats.ProcessTreeCpu(postgresPid), CpuStats.MachineBusy(), CpuStats.Steal());
        var window = Stopwatch.StartNew();
        var steadyWaits = WaitSampler.Start(db);
        var cycles = await NextCyclesAsync(http, service, o.Cycles, ct);
        var steadyWaitReport = await steadyWaits.StopAsync();
        var seconds = window.Elapsed.TotalSeconds;
        var usage = new Usage(
            (service.CpuTime() - serviceCpu).TotalSeconds / seconds,
            (CpuStats.ProcessCpu(Environment.ProcessId) - benchCpu).TotalSeconds / seconds,
            (CpuStats.ProcessTreeCpu(postgresPid) - postgresCpu).TotalSeconds / seconds,
            (CpuStats.MachineBusy() - machine).TotalSeconds / seconds,
            (CpuStats.Steal() - steal).TotalSeconds / seconds,
            fake.Calls - fakeCalls,
            fake.Queries - fakeQueries,
            (fake.ServerTime - fakeTime).TotalSeconds);

        Log($"firing: {o.Fire:N0} threshold rules start firing in the next cycle");
        fake.Firing = true;
        var (firingServiceCpu, firingPostgresCpu, firingWindow) = (service.CpuTime(), CpuStats.ProcessTreeCpu(postgresPid), Stopwatch.StartNew());
        var firingWaits = WaitSampler.Start(db);
        var firingCycle = (await NextCyclesAsync(http, service, 1, ct))[0];
        var firingWaitReport = await firingWaits.StopAsync();
        var firingUsage = $"CPU while it ran (cores): service {(service.CpuTime() - firingServiceCpu).TotalSeconds / firingWindow.Elapsed.TotalSeconds:F2}, " +
                          $"PostgreSQL {(CpuStats.ProcessTreeCpu(postgresPid) - firingPostgresCpu).TotalSeconds / firingWindow.Elapsed.TotalSeconds:F2}";
        await UntilAsync(() => Task.FromResult(hooks.Posts.Count(p => !p.Resolved) >= o.Fire), TimeSpan.FromMinutes(3), $"{o.Fire} firing Slack POSTs", ct);
        Log("resolving: the same rules recover in the next cycle");
        fake.Firing = false;
        var resolvingCycle = (await NextCyclesAsync(http, service, 1, ct))[0];
        await UntilAsync(() => Task.FromResult(hooks.Posts.Count(p => p.Resolved) >= o.Fire), TimeSpan.FromMinutes(3), $"{o.Fire} resolved Slack POSTs", ct);
        var (firing, resolved) = await NotificationLatencyAsync(db, hooks, ct);
        var (rss, peak) = service.Memory();
        var counters = await CycleCounters.ReadAsync(http, service.HttpAddress, ct);

        Console.WriteLine();
        Console.WriteLine("== Alerting benchmark ==");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average before {loadBefore}, now {LoadAverage()}; PostgreSQL defaults (fsync on{(o.AsyncCommit ? ", synchronous_commit off" : "")}); service {ServiceProcess.Configuration}");
        Console.WriteLine($"rules: {o.Tenants} tenants × {o.Rules:N0} = {o.TotalRules:N0} ({o.Tenants * (o.Rules - o.Anomaly):N0} threshold, {o.Tenants * o.Anomaly:N0} z-score); {import}");
        Console.WriteLine($"settings: EvaluationInterval {o.Interval} s, EvaluationConcurrency {o.Concurrency}; {o.Warmup} warm-up cycles");
        Console.WriteLine(CycleReport(cycles, o, seconds, usage));
        Console.WriteLine($"  PostgreSQL sessions of the service, mean per sample (state/wait): {steadyWaitReport}");
        Console.WriteLine(baseline);
        Console.WriteLine($"cycle with {o.Fire:N0} rules starting to fire: {firingCycle.Seconds:F3} s; cycle with them resolving: {resolvingCycle.Seconds:F3} s\n  {firingUsage}\n  PostgreSQL sessions while the firing cycle ran (wait from the flip to its end): {firingWaitReport}");
        Console.WriteLine(firing);
        Console.WriteLine(resolved);
        Console.WriteLine($"evaluations ok {counters.EvaluationsOk:N0}, error {counters.EvaluationsError:N0}; service memory (RSS): {rss:F0} MiB at the end, peak {peak:F0} MiB");
        return 0;
    }

    private sealed record Cycle(double Seconds, long Rules);

    private sealed record Usage(double ServiceCores, double BenchCores, double PostgresCores, double MachineCores, double StealCores, long FakeCalls, long FakeQueries, double FakeSeconds);

    private static string CycleReport(IReadOnlyList<Cycle> cycles, AlertingBenchOptions o, double windowSeconds, Usage u)
    {
        var rules = cycles.Sum(c => c.Rules);
        var total = cycles.Sum(c => c.Seconds);
        var each = string.Join(", ", cycles.Select(c => $"{c.Seconds:F3} s/{c.Rules:N0}"));
        return $"KPI rule cycle ({cycles.Count} cycles, from suite_alerting_kpi_rule_cycle_duration_seconds): mean {total / cycles.Count:F3} s, max {cycles.Max(c => c.Seconds):F3} s " +
               $"for {rules / (double)cycles.Count:N0} rules = {rules / total:N0} rules/s (target 10,000 rules in < 1 s)\n" +
               $"  each: {each}\n" +
               $"  CPU over the {windowSeconds:F0} s window (cores): service {u.ServiceCores:F2}, bench process (fake metrics + hooks) {u.BenchCores:F2}, PostgreSQL {u.PostgresCores:F2}, whole machine {u.MachineCores:F2} of {Environment.ProcessorCount}, steal {u.StealCores:F2}\n" +
               $"  CPU per cycle (core-seconds; the window's idle gaps included): service {u.ServiceCores * windowSeconds / cycles.Count:F2}, " +
               $"fake metrics {u.BenchCores * windowSeconds / cycles.Count:F2}, PostgreSQL {u.PostgresCores * windowSeconds / cycles.Count:F2}\n" +
               $"  fake metrics: {u.FakeCalls:N0} calls for {u.FakeQueries:N0} queries, {1000 * u.FakeSeconds / Math.Max(1, u.FakeCalls):F3} ms each call inside its pipeline " +
               $"(= {100 * u.FakeSeconds / o.Concurrency / total:F1} % of the cycle time at {o.Concurrency} in flight)";
    }

    /// <summary>
    /// What the metrics calls alone cost, before the service starts: one cycle's worth of queries from this process,
    /// as single GetKpiSeries calls and as GetKpiSeriesBatch calls of QueriesPerCall.
    /// </summary>
    private static async Task<string> MetricsAloneAsync(FakeMetrics fake, AlertingBenchOptions o, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(fake.Address);
        var client = new Metrics.MetricsClient(channel);
        var now = DateTimeOffset.UtcNow;
        var request = new GetKpiSeriesRequest
        {
            Kpi = "error_rate", From = Timestamp.FromDateTimeOffset(now.AddMinutes(-5)), To = Timestamp.FromDateTimeOffset(now), Granularity = Granularity.Minute,
        };
        request.Filters["shard"] = "0001";
        var headers = new Metadata { { SuiteClaims.TenantHeader, BenchDocuments.Tenant(0) } };
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct };
        async Task SinglesAsync(int calls) => await Parallel.ForEachAsync(Enumerable.Range(0, calls), parallel,
            async (_, token) => await client.GetKpiSeriesAsync(request, headers, cancellationToken: token));
        var batch = new GetKpiSeriesBatchRequest { Queries = { Enumerable.Repeat(request, QueriesPerCall) } };
        async Task BatchesAsync(int queries) => await Parallel.ForEachAsync(Enumerable.Range(0, (queries + QueriesPerCall - 1) / QueriesPerCall), parallel,
            async (_, token) => await client.GetKpiSeriesBatchAsync(batch, headers, cancellationToken: token));
        await SinglesAsync(2000);   // warm-up
        await BatchesAsync(2000);
        var started = Stopwatch.GetTimestamp();
        await SinglesAsync(o.TotalRules);
        var singles = Stopwatch.GetElapsedTime(started).TotalSeconds;
        started = Stopwatch.GetTimestamp();
        await BatchesAsync(o.TotalRules);
        var batches = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return $"metrics calls alone (this process → fake, same channel kind, {o.Concurrency} in flight, service not yet started): {o.TotalRules:N0} single calls in {singles:F3} s = {o.TotalRules / singles:N0} calls/s; " +
               $"the same queries in batches of {QueriesPerCall} in {batches:F3} s = {o.TotalRules / batches:N0} queries/s";
    }

    private static async Task<string> ImportAsync(ServiceProcess service, SlackHooks hooks, AlertingBenchOptions o, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(service.GrpcAddress, new GrpcChannelOptions { MaxSendMessageSize = 64 << 20 });
        var client = new AlertConfig.AlertConfigClient(channel);
        var started = Stopwatch.GetTimestamp();
        long bytes = 0;
        for (var t = 0; t < o.Tenants; t++)
        {
            var tenant = BenchDocuments.Tenant(t);
            var yaml = BenchDocuments.Yaml(o, hooks.HookUrl(tenant));
            bytes += yaml.Length;
            var auth = new Metadata { { "Authorization", "Bearer " + SuiteTokens.Create(SigningKey, "bench", tenant, [SuiteRoles.Admin], TimeSpan.FromHours(2)) } };
            var summary = await client.ImportConfigAsync(new ImportConfigRequest { Yaml = yaml }, auth, cancellationToken: ct);
            if (!summary.Counts.TryGetValue("rules", out var count) || count != o.Rules)
            {
                throw new InvalidOperationException($"{tenant}: imported {count} rules, expected {o.Rules}");
            }
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Log($"imported {o.Tenants} documents ({bytes / 1024:N0} KiB of YAML) in {seconds:F2} s");
        return $"ImportConfig of {o.Tenants} documents of {o.Rules:N0} rules ({bytes / o.Tenants / 1024:N0} KiB each): {seconds / o.Tenants:F2} s per document";
    }

    /// <summary>Waits for <paramref name="count"/> more cycles, polling /metrics every 50 ms so each cycle is seen alone.</summary>
    private static async Task<IReadOnlyList<Cycle>> NextCyclesAsync(HttpClient http, ServiceProcess service, int count, CancellationToken ct)
    {
        var cycles = new List<Cycle>();
        var last = await CycleCounters.ReadAsync(http, service.HttpAddress, ct);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (cycles.Count < count)
        {
            await Task.Delay(50, ct);
            var now = await CycleCounters.ReadAsync(http, service.HttpAddress, ct);
            if (now.Cycles > last.Cycles)
            {
                // Two cycles between polls cannot be told apart: both get the mean (does not happen at >= 1 s intervals).
                var n = now.Cycles - last.Cycles;
                for (var i = 0; i < n; i++)
                {
                    cycles.Add(new Cycle((now.DurationSum - last.DurationSum) / n, (now.RulesEvaluated - last.RulesEvaluated) / n));
                }
                last = now;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"only {cycles.Count} of {count} cycles within 5 minutes");
            }
        }
        return cycles.Take(count).ToList();
    }

    /// <summary>
    /// Per Slack POST: arrival minus the delivery row's created_at (the escalation pass deciding to send) and minus the
    /// incident's started_at (firing) or resolved_at (resolved), i.e. the rule decision (the cycle's clock reading).
    /// </summary>
    private static async Task<(string Firing, string Resolved)> NotificationLatencyAsync(NpgsqlDataSource db, SlackHooks hooks, CancellationToken ct)
    {
        var rows = new Dictionary<(string Tenant, string Rule, bool Resolved), (DateTimeOffset Created, DateTimeOffset Decided, DateTimeOffset? Sent)>();
        await using (var cmd = db.CreateCommand("""
            select i.tenant, i.alert_name, d.kind = 'resolved', d.created_at, case when d.kind = 'resolved' then i.resolved_at else i.started_at end, d.sent_at
            from incident_deliveries d join incidents i on i.id = d.incident_id
            where d.channel = 'slack'
            """))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows[(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2))] = (
                    Utc(reader.GetDateTime(3)), Utc(reader.GetDateTime(4)), reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)));
            }
        }
        return (Report(false), Report(true));

        string Report(bool resolved)
        {
            var posts = hooks.Posts.Where(p => p.Resolved == resolved).ToList();
            var fromRow = new List<double>();
            var fromDecision = new List<double>();
            var unmatched = 0;
            foreach (var post in posts)
            {
                if (rows.TryGetValue((post.Tenant, post.Rule, resolved), out var row))
                {
                    fromRow.Add((post.ArrivedAt - row.Created).TotalMilliseconds);
                    fromDecision.Add((post.ArrivedAt - row.Decided).TotalMilliseconds);
                }
                else
                {
                    unmatched++;
                }
            }
            var kind = resolved ? "resolved" : "firing";
            var span = posts.Count > 0 ? (posts.Max(p => p.ArrivedAt) - posts.Min(p => p.ArrivedAt)).TotalSeconds : 0;
            return $"{kind} Slack POSTs: {posts.Count:N0} ({unmatched} unmatched), arriving over {span:F2} s\n" +
                   $"  from the delivery row's created_at (decision to send): {Percentiles(fromRow)} (target p99 < 1 s)\n" +
                   $"  from the incident's {(resolved ? "resolved_at" : "started_at")} (the cycle's clock reading): {Percentiles(fromDecision)}";
        }
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static string Percentiles(List<double> ms)
    {
        if (ms.Count == 0)
        {
            return "no samples";
        }
        ms.Sort();
        return $"p50 {P(0.50):F0} ms, p95 {P(0.95):F0} ms, p99 {P(0.99):F0} ms, max {ms[^1]:F0} ms, min {ms[0]:F0} ms";

        double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout} for {what}");
            }
            await Task.Delay(100, ct);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static void Log(string message) => BenchInfra.Log(message);
}
