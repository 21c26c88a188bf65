using System.Diagnostics;
using Npgsql;
using Suite.Bench;
using Suite.Hosting.Infrastructure;
using Suite.Hosting.Processes;
using Suite.ServiceDefaults.Auth;

namespace Suite.IngestionBench;

/// <summary>
/// One run: private PostgreSQL (durable: fsync and synchronous_commit on) + RabbitMQ → the built ingestion service
/// → warm-up → maximum load over the streaming API → half load (latency) → raw COPY of the same rows → report.
/// </summary>
public static class BenchRunner
{
    private const string CommitHistogram = "suite_ingestion_batch_commit_duration_seconds";
    private const string StageHistogram = "suite_ingestion_commit_stage_duration_seconds";
    private const string SigningKey = "ingestion-bench-signing-key-0123456789abcdef";

    /// <summary>Applied with ALTER SYSTEM for both the service run and the COPY baseline (a restart follows).</summary>
    private static readonly (string Name, string Value)[] PostgresSettings =
    [
        ("shared_buffers", "1GB"),
        ("wal_buffers", "64MB"),
        ("max_wal_size", "8GB"),
        ("checkpoint_timeout", "30min"),
        // A server in steady state reuses WAL segments at each checkpoint; a fresh cluster would create and zero-fill
        // a new 16 MB file every few hundred milliseconds, stalling commits (XLogFileInit was 2.5 % of the profile).
        ("min_wal_size", "4GB"),
        // The suite's durable clusters flush WAL as it is produced (PostgresServer.DurableSettings); named here too,
        // so the report lists every setting the measurement depends on.
        .. PostgresServer.DurableSettings,
    ];

    public static async Task<int> RunAsync(BenchOptions o)
    {
        using var stop = new StopSignals();
        var ct = stop.Token;
        await using var infra = await BenchInfra.StartAsync("suite-bench", o.Keep, ct);
        var (stateDir, tracker, postgres, rabbit) = (infra.StateDir, infra.Tracker, infra.Postgres, infra.RabbitMq);
        ServiceProcess? service = null;
        try
        {
            (string, string)[] settings = [.. PostgresSettings, ("huge_pages", o.HugePages ? "try" : "off"), .. o.PgSettings];
            var (hugePages, hugePagesNote) = await PgStatements.TuneAsync(postgres, o.PgStats ? [.. settings, PgStatements.Preload] : settings, o.HugePages, ct);
            using var reservedHugePages = hugePages;
            // The service logs in as its database's owner, as the AppHost runs it (bound by row-level security); the
            // bench's own statements (counts across tenants, the raw COPY reference) run as the superuser.
            var dbConnection = await postgres.CreateDatabaseAsync("ingestion", ct, owner: "ingestion_owner");
            var vhost = await rabbit.CreateVirtualHostAsync("bench", ct);
            await using var db = NpgsqlDataSource.Create(postgres.ConnectionString("ingestion"));
            await WarmWalAsync(db, ct);

            var environment = new Dictionary<string, string?>
            {
                ["ConnectionStrings__ingestiondb"] = dbConnection,
                ["ConnectionStrings__rabbitmq"] = vhost,
                ["Auth__SigningKey"] = SigningKey,
                ["Ingestion__RateLimit__EventsPerSecond"] = "100000000",
                ["Ingestion__RateLimit__Burst"] = "1000000000",
                ["Ingestion__MaxConcurrentCommits"] = o.MaxConcurrentCommits?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var (name, value) in o.ServiceEnvironment)
            {
                environment[name] = value;
            }
            service = await ServiceProcess.StartAsync("ingestion", stateDir, tracker, environment, ct);
            Log($"ingestion ({ServiceProcess.Configuration}) is healthy at {service.GrpcAddress}; pid {service.Pid}");

            var now = DateTimeOffset.UtcNow;
            Log($"generating {o.Events:N0} events");
            var warmup = EventCorpus.Generate(o.Warmup ?? Math.Max(100_000, o.Events / 2), o.BatchSize, seed: 1, now, o.TimeOrderedIds);
            var load = EventCorpus.Generate(o.Events, o.BatchSize, seed: 2, now, o.TimeOrderedIds);

            Log("warm-up");
            await StreamLoad.RunAsync(service.GrpcAddress, Token("bench-warmup"), warmup, o.Streams, o.Window, null, ct);
            await WaitForOutboxAsync(db, ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);   // let tiered compilation finish (steady state)
            // Each round and its COPY baseline start from empty tables (the service stays warm). The machine is a shared
            // VM whose speed moves from minute to minute: each round is paired with a COPY of its rows made right after it,
            // and the ratio is the median of the pairs'.
            var rounds = new List<MaxRound>();
            var copies = new List<CopyResult>();
            for (var round = 1; round <= o.Rounds; round++)
            {
                await ExecAsync(db, "truncate events_raw, event_keys, outbox_messages", ct);
                if (o.PgStats)
                {
                    await PgStatements.ResetAsync(db, ct);
                }
                await ExecAsync(db, "checkpoint", ct);
                Log($"maximum load, round {round} of {o.Rounds}: {o.Events:N0} events, batches of {o.BatchSize}, {o.Streams} streams, window {o.Window}");
                var r = await RunMaxRoundAsync(service, postgres, stateDir, Token("bench-max"), load, o, ct);
                if (o.PgStats)
                {
                    await PgStatements.PrintAsync(db, "max load", 8, ct);
                }
                var stored = await CountAsync(db, "select count(*) from events_raw where tenant = 'bench-max'", ct);
                Log($"maximum load, round {round}: {r.Load.EventsPerSecond:N0} events/s; stored {stored:N0}");
                var backlog = await CountAsync(db, "select count(*) from outbox_messages where published_at is null", ct);
                var drain = Stopwatch.StartNew();
                await WaitForOutboxAsync(db, ct);
                rounds.Add(r with { Stored = stored, Backlog = backlog, Drain = drain.Elapsed });
                // The service stays up but idle (its outbox is drained) while PostgreSQL loads the same rows raw.
                Log($"raw binary COPY of round {round}'s rows");
                copies.Add(await CopyBaseline.RunAsync(db, "bench-max", () => CpuStats.ProcessTreeCpu(postgres.ProcessId!.Value), logIndexes: round == 1, ct));
            }
            // Half load is measured from a steady state: the vacuum the last million-row burst left owing is done first
            // (autovacuum of the rows the half load itself inserts still runs during it, as it would at that rate).
            await ExecAsync(db, "vacuum (analyze) event_keys, events_raw, outbox_messages", ct);
            await ExecAsync(db, "checkpoint", ct);

            var max = ThroughputRatio.MiddleBy(rounds, r => r.Load.EventsPerSecond);
            var halfRate = o.LatencyRate ?? max.Load.EventsPerSecond / 2;
            var halfEvents = (int)Math.Min(halfRate * (o.LatencyRampSeconds + o.LatencySeconds), 5_000_000);
            Log($"half load: {halfRate:N0} events/s for {o.LatencyRampSeconds} + {o.LatencySeconds} s, batches of {o.LatencyBatchSize}, {o.LatencyStreams} streams");
            var halfBatches = EventCorpus.Generate(halfEvents, o.LatencyBatchSize, seed: 3, DateTimeOffset.UtcNow, o.TimeOrderedIds);
            // The load generator stands in for clients on other machines. Holding the maximum load's corpus, it made one
            // blocking gen2 collection in every half load: the batches due meanwhile left late and at once, and that
            // burst stretched the service's commits. Drop the corpus and collect before the clock starts.
            warmup.Clear();
            load.Clear();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var gcBefore = await service.GcAsync(ct);
            var generatorGcBefore = GeneratorGc.Now();
            var commitsBefore = await service.HistogramAsync(CommitHistogram, ct);
            var stagesBefore = await service.HistogramSumsAsync(StageHistogram, "stage", ct);
            if (o.PgStats)
            {
                await PgStatements.ResetAsync(db, ct);
            }
            var halfCpuBefore = SampleCpu(service, postgres, stateDir);
            var diskStalls = DiskStalls.Start(postgres.DataDirectory);
            var halfWithRamp = await StreamLoad.RunAsync(service.GrpcAddress, Token("bench-half"), halfBatches, o.LatencyStreams, window: 64, halfRate, ct);
            var half = halfWithRamp.WithoutRamp(TimeSpan.FromSeconds(o.LatencyRampSeconds));
            var halfCpu = SampleCpu(service, postgres, stateDir).Minus(halfCpuBefore);
            StallImpact? stallImpact = null;
            if (diskStalls is not null)
            {
                await diskStalls.DisposeAsync();
                stallImpact = diskStalls.Impact(half);
            }
            if (o.PgStats)
            {
                await PgStatements.PrintAsync(db, "half load", 12, ct);
            }
            var gcAfter = await service.GcAsync(ct);
            var commits = Report.Difference(await service.HistogramAsync(CommitHistogram, ct), commitsBefore);
            var stages = Report.Difference(await service.HistogramSumsAsync(StageHistogram, "stage", ct), stagesBefore);
            var halfGc = (gcAfter.Collections - gcBefore.Collections, gcAfter.PauseSeconds - gcBefore.PauseSeconds);
            var generatorGc = GeneratorGc.Now().Minus(generatorGcBefore);
            var memoryAfterHalf = service.Memory();
            if (o.Timeline is { } timelineFile)
            {
                var origin = half.Started.ToUnixTimeMilliseconds();
                await File.WriteAllLinesAsync(timelineFile, halfWithRamp.Timeline.Select(t =>
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{origin + t.DueMs:F1},{t.LatencyMs:F2}")), ct);
            }
            await WaitForOutboxAsync(db, ct);

            await service.DisposeAsync();
            service = null;

            Report.Print(o, rounds, max, half, halfWithRamp, halfRate, halfCpu, stallImpact, halfGc, generatorGc, commits, stages, memoryAfterHalf, copies, settings, hugePagesNote);
            var ok = rounds.All(r => r.Stored == o.Events && r.Load.Accepted == o.Events) && copies.All(c => c.Rows == o.Events);
            if (!ok)
            {
                Console.Error.WriteLine($"MISMATCH: sent {o.Events} per round; acknowledged/stored per round " +
                    string.Join(", ", rounds.Select(r => $"{r.Load.Accepted}/{r.Stored}")) + "; copied " + string.Join(", ", copies.Select(c => c.Rows)));
            }
            return ok ? 0 : 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        finally
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }
    }

    private static async Task<MaxRound> RunMaxRoundAsync(ServiceProcess service, PostgresServer postgres, string stateDir, string token, IReadOnlyList<WireBatch> load, BenchOptions o, CancellationToken ct)
    {
        var before = SampleCpu(service, postgres, stateDir);
        var result = await StreamLoad.RunAsync(service.GrpcAddress, token, load, o.Streams, o.Window, null, ct);
        return new MaxRound(result, SampleCpu(service, postgres, stateDir).Minus(before), service.Memory(), 0, 0, TimeSpan.Zero);
    }

    private static CpuUse SampleCpu(ServiceProcess service, PostgresServer postgres, string stateDir) =>
        new(service.CpuTime(), Process.GetCurrentProcess().TotalProcessorTime, CpuStats.ProcessTreeCpu(postgres.ProcessId!.Value),
            CpuStats.FindProcess("beam.smp", stateDir) is { } beam ? CpuStats.ProcessCpu(beam) : TimeSpan.Zero, CpuStats.MachineBusy(), CpuStats.Steal());

    private static string Token(string tenant) => SuiteTokens.Create(SigningKey, "bench", tenant, [SuiteRoles.Client], TimeSpan.FromHours(2));

    /// <summary>
    /// A fresh cluster has only the WAL segments it has written so far; once a phase outruns the ones its checkpoint
    /// recycled, every further 16 MB segment is created and zero-filled while commits wait behind it (seen as 16 MB
    /// writeback bursts in the last seconds of the half load, 2026-12-07). A server in steady state recycles enough for a whole
    /// checkpoint cycle: write 2 GB of WAL (non-transactional messages, nearly free) and checkpoint, so every phase
    /// runs on recycled segments (min_wal_size keeps them).
    /// </summary>
    private static async Task WarmWalAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await ExecAsync(db, "select count(pg_logical_emit_message(false, 'suite-bench-wal-warm-up', repeat('x', 1048576))) from generate_series(1, 2048)", ct);
        await ExecAsync(db, "checkpoint", ct);
    }

    private static async Task WaitForOutboxAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (await CountAsync(db, "select count(*) from outbox_messages where published_at is null", ct) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the outbox did not drain within 5 minutes");
            }
            await Task.Delay(200, ct);
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }


    internal static void Log(string message) => BenchInfra.Log(message);
}

/// <summary>CPU time used by each party over a measurement.</summary>
public sealed record CpuUse(TimeSpan Service, TimeSpan Bench, TimeSpan Postgres, TimeSpan RabbitMq, TimeSpan Machine, TimeSpan Steal)
{
    public CpuUse Minus(CpuUse before) => new(Service - before.Service, Bench - before.Bench, Postgres - before.Postgres,
        RabbitMq - before.RabbitMq, Machine - before.Machine, Steal - before.Steal);
}

/// <summary>The load generator's own collections: a blocking one delays every batch due during it.</summary>
public sealed record GeneratorGc(int Collections, int Gen2, TimeSpan Paused)
{
    public static GeneratorGc Now() => new(GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public GeneratorGc Minus(GeneratorGc before) => new(Collections - before.Collections, Gen2 - before.Gen2, Paused - before.Paused);
}

/// <summary>One maximum-load round: throughput, CPU, the service's memory after it, and the outbox it left.</summary>
public sealed record MaxRound(LoadResult Load, CpuUse Cpu, (double Rss, double Peak) Memory, long Stored, long Backlog, TimeSpan Drain);
