using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using NpgsqlTypes;
using Suite.Bench;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Hosting.Infrastructure;
using Suite.Hosting.Processes;
using Suite.ServiceDefaults.Auth;
using Suite.Simulator;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.MetricsBench;

/// <summary>
/// PostgreSQL + RabbitMQ + the built ingestion and metrics services, then three measurements: GetKpiSeries latency
/// over 90 days of rollups built from 10 M events, the nightly ETL of a 1 M-event day against a bare GROUP BY of the
/// same rows, and event → KPI freshness through ingestion, the outbox, RabbitMQ and the consumer under load.
/// </summary>
public static class MetricsBenchRunner
{
    private const string SigningKey = "metrics-bench-signing-key-0123456789abcdef";

    public static async Task<int> RunAsync(MetricsBenchOptions o)
    {
        using var stop = new StopSignals();
        var ct = stop.Token;
        await using var infra = await BenchInfra.StartAsync("suite-mbench", o.Keep, ct);
        var (stateDir, tracker, postgres, rabbit) = (infra.StateDir, infra.Tracker, infra.Postgres, infra.RabbitMq);
        ServiceProcess? metrics = null, ingestion = null;
        try
        {
            if (o.PgStats)
            {
                await PgStatements.TuneAsync(postgres, [PgStatements.Preload], reserveHugePages: false, ct);
            }
            var metricsDb = await postgres.CreateDatabaseAsync("metrics", ct);
            var ingestionDb = await postgres.CreateDatabaseAsync("ingestion", ct);
            var vhost = await rabbit.CreateVirtualHostAsync("bench", ct);
            var common = new Dictionary<string, string?> { ["ConnectionStrings__rabbitmq"] = vhost, ["Auth__SigningKey"] = SigningKey };
            metrics = await ServiceProcess.StartAsync("metrics", stateDir, tracker,
                new Dictionary<string, string?>(common) { ["ConnectionStrings__metricsdb"] = metricsDb, ["Metrics__Etl__Enabled"] = "false" }, ct);
            ingestion = await ServiceProcess.StartAsync("ingestion", stateDir, tracker,
                new Dictionary<string, string?>(common) { ["ConnectionStrings__ingestiondb"] = ingestionDb }, ct);
            Log($"metrics at {metrics.GrpcAddress}, ingestion at {ingestion.GrpcAddress} ({ServiceProcess.Configuration})");
            await using var db = NpgsqlDataSource.Create(metricsDb);
            using var metricsChannel = GrpcChannel.ForAddress(metrics.GrpcAddress);
            var client = new MetricsClient(metricsChannel);

            var series = await SeriesAsync(o, db, client, ct);
            var etl = await EtlAsync(o, db, client, ct);
            using var ingestionChannel = GrpcChannel.ForAddress(ingestion.GrpcAddress);
            if (o.PgStats)
            {
                await PgStatements.ResetAsync(db, ct);
            }
            var freshness = await FreshnessAsync(o, new Ingestion.IngestionClient(ingestionChannel), client, ct);

            Console.WriteLine();
            Console.WriteLine("== Metrics benchmark ==");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores; PostgreSQL 15 defaults; services {ServiceProcess.Configuration}");
            Console.WriteLine(series);
            Console.WriteLine(etl);
            Console.WriteLine(freshness);
            if (o.PgStats)
            {
                await PgStatements.PrintAsync(db, "the freshness phase, metrics database", 12, ct);
            }
            return 0;
        }
        finally
        {
            foreach (var service in new[] { ingestion, metrics })
            {
                if (service is not null)
                {
                    await service.DisposeAsync();
                }
            }
        }
    }

    private static Metadata Auth(string tenant) =>
        new() { { "Authorization", "Bearer " + SuiteTokens.Create(SigningKey, "bench", tenant, [SuiteRoles.Admin], TimeSpan.FromHours(2)) } };

    /// <summary>GetKpiSeries latency over rollups built from o.Events events spread over o.Days days.</summary>
    private static async Task<string> SeriesAsync(MetricsBenchOptions o, NpgsqlDataSource db, MetricsClient client, CancellationToken ct)
    {
        const string tenant = "bench-series";
        var to = DateTimeOffset.UtcNow.Date is var d ? new DateTimeOffset(d, TimeSpan.Zero) : default;
        var from = to.AddDays(-o.Days);
        Log($"series: building rollups from {o.Events:N0} events over {o.Days} days");
        var build = Stopwatch.StartNew();
        await RollupFiller.FillAsync(db, tenant, RollupFiller.Events(tenant, o.Events, from, to, seed: 11), to.AddDays(-7), ct);
        // Start the measurement from a steady state: statistics fresh, the build's dirty pages written out.
        await ExecAsync(db, "vacuum analyze", ct);
        await ExecAsync(db, "checkpoint", ct);
        var rows = await ScalarAsync(db, "select (select count(*) from rollup_minute) || ' minute, ' || (select count(*) from rollup_hour) || ' hour, ' || (select count(*) from rollup_day) || ' day rows'", ct);
        Log($"series: built in {build.Elapsed.TotalSeconds:F0} s: {rows}");

        var auth = Auth(tenant);
        (string Label, GetKpiSeriesRequest Request)[] mix =
        [
            ("90 d daily login_success_rate", Request("login_success_rate", from, to, Granularity.Day)),
            ("90 d daily api_response_time_p95 (sketches)", Request("api_response_time_p95", from, to, Granularity.Day)),
            ("90 d daily payment_success_rate provider=stripe", Request("payment_success_rate", from, to, Granularity.Day, ("provider", "stripe"))),
            ("90 d daily dau", Request("dau", from, to, Granularity.Day)),
            ("90 d daily mau (30-day windows)", Request("mau", from, to, Granularity.Day)),
            ("7 d hourly events_count domain=auth", Request("events_count", to.AddDays(-7), to, Granularity.Hour, ("domain", "auth"))),
            ("24 h by minute error_rate", Request("error_rate", to.AddDays(-1), to, Granularity.Minute)),
        ];
        for (var i = 0; i < 100; i++)
        {
            await client.GetKpiSeriesAsync(mix[i % mix.Length].Request, auth, cancellationToken: ct);
        }
        var byLabel = mix.ToDictionary(m => m.Label, _ => new List<double>());
        var calls = new List<(int Index, string Label, double Ms, DateTime At)>();
        for (var i = 0; i < o.Queries; i++)
        {
            var (label, request) = mix[i % mix.Length];
            var started = Stopwatch.GetTimestamp();
            await client.GetKpiSeriesAsync(request, auth, cancellationToken: ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            byLabel[label].Add(ms);
            calls.Add((i, label, ms, DateTime.Now));
        }
        var slowest = calls.OrderByDescending(c => c.Ms).Take(5).OrderBy(c => c.Index)
            .Select(c => $"#{c.Index} {c.At:HH:mm:ss.fff} {c.Label} {c.Ms:F0} ms");
        var all = byLabel.Values.SelectMany(v => v).ToList();
        var lines = byLabel.Select(kv => $"    {kv.Key,-48} p50 {P(kv.Value, 0.5),6:F1}  p99 {P(kv.Value, 0.99),6:F1} ms");
        return $"GetKpiSeries over {o.Days} days built from {o.Events:N0} events ({rows}), {o.Queries} calls round-robin over {mix.Length} queries:\n" +
               $"  all: p50 {P(all, 0.5):F1} ms, p95 {P(all, 0.95):F1} ms, p99 {P(all, 0.99):F1} ms, max {all.Max():F1} ms (target p99 < 50 ms)\n" +
               string.Join("\n", lines) + "\n  slowest calls: " + string.Join("; ", slowest);
    }

    private static GetKpiSeriesRequest Request(string kpi, DateTimeOffset from, DateTimeOffset to, Granularity g, params (string Key, string Value)[] filters)
    {
        var r = new GetKpiSeriesRequest { Kpi = kpi, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to), Granularity = g };
        foreach (var (k, v) in filters)
        {
            r.Filters.Add(k, v);
        }
        return r;
    }

    /// <summary>The nightly ETL of one day of o.EtlEvents events vs a bare GROUP BY over the same rows.</summary>
    private static async Task<string> EtlAsync(MetricsBenchOptions o, NpgsqlDataSource db, MetricsClient client, CancellationToken ct)
    {
        const string tenant = "bench-etl";
        var day = DateTimeOffset.UtcNow.Date.AddDays(-2);
        var from = new DateTimeOffset(day, TimeSpan.Zero);
        Log($"etl: {o.EtlEvents:N0} events on {day:yyyy-MM-dd}: rollups and a raw copy");
        var events = RollupFiller.Events(tenant, o.EtlEvents, from, from.AddDays(1), seed: 12).ToList();
        await RollupFiller.FillAsync(db, tenant, events, from.AddDays(-7), ct);
        await ExecAsync(db, """
            create unlogged table if not exists bench_events_raw (
                tenant text, domain text, type text, occurred_at timestamptz, user_id text, country text, provider text,
                service_code text, status text, amount_minor bigint, duration_ms bigint)
            """, ct);
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy bench_events_raw (tenant, domain, type, occurred_at, user_id, country, provider, service_code, status, amount_minor, duration_ms) from stdin (format binary)", ct))
        {
            foreach (var e in events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(tenant, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Domain, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
                await Nullable(copy, e.UserId, ct);
                await Nullable(copy, e.CountryCode, ct);
                await Nullable(copy, e.Provider, ct);
                await Nullable(copy, e.ServiceCode, ct);
                await Nullable(copy, e.Status, ct);
                await NullableLong(copy, e.AmountMinor, ct);
                await NullableLong(copy, e.DurationMs, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await ExecAsync(db, "vacuum analyze", ct);

        // The bare baseline: one GROUP BY over the day's raw rows with the rollup dimensions and sums (what a
        // warehouse job would run), results fetched.
        const string groupBy = """
            select domain, type, country, provider, service_code, status, count(*), sum(amount_minor), sum(duration_ms),
                   count(duration_ms), min(duration_ms), max(duration_ms), count(distinct user_id)
            from bench_events_raw where tenant = 'bench-etl' and occurred_at >= @from and occurred_at < @to
            group by 1, 2, 3, 4, 5, 6
            """;
        var groupTimes = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var cmd = db.CreateCommand(groupBy);
            cmd.Parameters.AddWithValue("from", from);
            cmd.Parameters.AddWithValue("to", from.AddDays(1));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
            }
            groupTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var auth = Auth(tenant);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var etlTimes = new List<double>();
        int kpis = 0;
        for (var i = 0; i < 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var run = await client.RunEtlAsync(new RunEtlRequest { FromDate = date, ToDate = date }, auth, cancellationToken: ct);
            etlTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            kpis = run.Days.Single().Rows;
            if (run.Days.Single().Status != "succeeded")
            {
                throw new InvalidOperationException("ETL failed: " + run.Days.Single().Error);
            }
        }
        var (etl, bare) = (etlTimes.Min(), groupTimes.Min());
        return $"nightly ETL of one day of {o.EtlEvents:N0} events ({kpis} KPI rows, delete + insert in one transaction), fastest of 3: {etl:F0} ms " +
               $"(runs {string.Join(", ", etlTimes.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})\n" +
               $"  bare GROUP BY over the same raw rows, fastest of 3: {bare:F0} ms (runs {string.Join(", ", groupTimes.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})\n" +
               $"  RATIO ETL / GROUP BY = {etl / bare:F2} (target <= 1.5)";
    }

    private static Task Nullable(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static Task NullableLong(NpgsqlBinaryImporter copy, long? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value.Value, NpgsqlDbType.Bigint, ct);

    /// <summary>Event → KPI visible: a probe event through ingestion while a background load runs, polled in metrics.</summary>
    private static async Task<string> FreshnessAsync(MetricsBenchOptions o, Ingestion.IngestionClient ingestion, MetricsClient metrics, CancellationToken ct)
    {
        Log($"freshness: {o.Probes} probes, one per second, under {o.LoadRate:N0} events/s of background load");
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = BackgroundLoadAsync(ingestion, o.LoadRate, stopLoad.Token);
        var latencies = new List<double>();
        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < o.Probes; i++)
        {
            var tenant = $"bench-probe-{i:D3}";
            var auth = Auth(tenant);
            var now = DateTimeOffset.UtcNow;
            var probe = new EventBatch();
            probe.Events.Add(new Event
            {
                EventId = Guid.NewGuid().ToString(), Domain = "probe", Type = "PROBE", SchemaVersion = 1,
                OccurredAt = Timestamp.FromDateTimeOffset(now), SentAt = Timestamp.FromDateTimeOffset(now),
            });
            var query = Request("events_count", now.AddMinutes(-2), now.AddMinutes(2), Granularity.Minute, ("domain", "probe"));
            var sent = Stopwatch.GetTimestamp();
            var ack = await ingestion.TrackBatchAsync(probe, auth, cancellationToken: ct);
            if (ack.Accepted != 1)
            {
                throw new InvalidOperationException("the probe was not accepted");
            }
            while ((await metrics.GetKpiSeriesAsync(query, auth, cancellationToken: ct)).Total.Numerator < 1 &&
                   Stopwatch.GetElapsedTime(sent) < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10, ct);
            }
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            if (latencies[^1] >= 60_000)
            {
                Log($"freshness: probe {i} not visible after 60 s; the consumer is not keeping up, probing stops");
                break;
            }
            var next = started.AddSeconds(i + 1) - DateTimeOffset.UtcNow;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next, ct);
            }
        }
        await stopLoad.CancelAsync();
        var sentEvents = await load;
        return $"event -> KPI visible (TrackBatch call to GetKpiSeries showing it, polled every 10 ms), {latencies.Count} probes under {sentEvents / (DateTimeOffset.UtcNow - started).TotalSeconds:N0} events/s of load:\n" +
               $"  p50 {P(latencies, 0.5):F0} ms, p95 {P(latencies, 0.95):F0} ms, max {latencies.Max():F0} ms (target p95 < 2000 ms)";
    }

    /// <summary>Simulator batches of 100 at a steady rate for one tenant; returns how many events went in.</summary>
    private static async Task<long> BackgroundLoadAsync(Ingestion.IngestionClient ingestion, int rate, CancellationToken ct)
    {
        var generator = new EventGenerator("bench-load", seed: 13);
        var auth = Auth("bench-load");
        var start = DateTimeOffset.UtcNow;
        long sent = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var batch = new EventBatch();
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < 100; i++)
                {
                    batch.Events.Add(generator.Next(now, start));
                }
                await ingestion.TrackBatchAsync(batch, auth, cancellationToken: ct);
                sent += 100;
                var due = start.AddSeconds(sent / (double)rate) - DateTimeOffset.UtcNow;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is RpcException { StatusCode: StatusCode.Cancelled } && ct.IsCancellationRequested))
        {
        }
        return sent;
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Floor(q * (sorted.Count - 1))];
    }

    private static async Task ExecAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static void Log(string message) => BenchInfra.Log(message);
}
