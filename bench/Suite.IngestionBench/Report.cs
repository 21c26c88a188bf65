using System.Globalization;

namespace Suite.IngestionBench;

/// <summary>Prints the results, ending with the lines docs/benchmarks.md quotes.</summary>
public static class Report
{
    public static void Print(
        BenchOptions o,
        IReadOnlyList<MaxRound> rounds,
        MaxRound max,
        LoadResult half,
        LoadResult halfWithRamp,
        double halfRate,
        CpuUse halfCpu,
        StallImpact? stalls,
        (long Collections, double PauseSeconds) halfGc,
        GeneratorGc generatorGc,
        SortedDictionary<double, long> halfCommits,
        IReadOnlyDictionary<string, (double Sum, long Count)> halfStages,
        (double Rss, double Peak) memoryAfterHalf,
        IReadOnlyList<CopyResult> copies,
        (string Name, string Value)[] postgresSettings,
        string hugePages)
    {
        var copy = ThroughputRatio.MiddleBy(copies, c => c.RowsPerSecond);
        var ratio = ThroughputRatio.Of([.. rounds.Select(r => r.Load.EventsPerSecond)], [.. copies.Select(c => c.RowsPerSecond)]);
        var (load, cpu) = (max.Load, max.Cpu);
        var lines = new[]
        {
            "",
            "== Ingestion benchmark ==",
            $"machine: {Environment.ProcessorCount} cores; PostgreSQL durable (fsync, synchronous_commit, full_page_writes on); " +
                string.Join(", ", postgresSettings.Select(s => $"{s.Name}={s.Value}")) +
                (o.ServiceEnvironment.Count == 0 ? "" : "; service environment: " + string.Join(", ", o.ServiceEnvironment.Select(e => $"{e.Name}={e.Value}"))),
            $"PostgreSQL {hugePages}",
            $"max load (streaming Ingest), {rounds.Count} rounds: {string.Join(", ", rounds.Select(r => $"{r.Load.EventsPerSecond:N0}"))} events/s " +
                $"(batches of {o.BatchSize}, {o.Streams} streams, window {o.Window}, event ids {(o.TimeOrderedIds ? "v7" : "v4")}, MaxConcurrentCommits {o.MaxConcurrentCommits?.ToString(CultureInfo.InvariantCulture) ?? "default"}); median round:",
            $"  {load.Accepted:N0} events accepted of {load.Events:N0} sent, stored {max.Stored:N0}, in {load.Elapsed.TotalSeconds:0.00} s = {load.EventsPerSecond:N0} events/s",
            $"  ack latency at max load: p50 {load.Percentile(50):0.0} ms, p99 {load.Percentile(99):0.0} ms",
            $"  CPU during max load: {Cpu(cpu, load)}",
            $"  outbox: {max.Backlog:N0} EventBatchIngested messages unpublished at the end, drained in {max.Drain.TotalSeconds:0.0} s",
            $"raw binary COPY of the same {copy.Rows:N0} rows ({copy.Bytes / 1048576.0:0} MiB), one COPY, unique (event_id, tenant), {copies.Count} loads, each right after its round " +
                $"({string.Join(", ", copies.Select(c => $"{c.RowsPerSecond:N0}"))} rows/s); median: " +
                $"{copy.Elapsed.TotalSeconds:0.00} s = {copy.RowsPerSecond:N0} rows/s (PostgreSQL CPU {copy.PostgresCpu.TotalSeconds:0.0} s, {copy.PostgresCpu.TotalSeconds * 1e6 / copy.Rows:0.0} us/row)",
            $"RATIO durable events/s through the streaming API / raw COPY rows/s, median of the rounds' ratios to their COPY = {ratio.Median:P1} (target >= 60 %); " +
                $"each {string.Join(", ", ratio.Paired.Select(p => $"{p:P1}"))}; median to median {ratio.MedianToMedian:P1}; best to best {ratio.BestToBest:P1}",
            $"half load: {half.Accepted:N0} events at {halfRate:N0} events/s (open loop, batches of {o.LatencyBatchSize}, {o.LatencyStreams} streams) in {half.Elapsed.TotalSeconds:0.0} s; " +
                $"ack latency after a {o.LatencyRampSeconds} s ramp-up: p50 {half.Percentile(50):0.0} ms, p95 {half.Percentile(95):0.0} ms, p99 {half.Percentile(99):0.0} ms, max {half.Percentile(100):0.0} ms (target p99 < 25 ms)",
            $"  including the ramp-up: p99 {halfWithRamp.Percentile(99):0.0} ms, max {halfWithRamp.Percentile(100):0.0} ms",
            $"  service-side commit time (gate wait + transaction) during half load, share of batches within: {Shares(halfCommits)}",
            $"  where it went (mean): {Stages(halfStages)}",
            $"  CPU during half load: {Cpu(halfCpu, half)}",
            stalls is null
                ? "  disk stalls during half load: not measured (neither its disk in /proc/diskstats nor /proc/pressure/io)"
                : $"  disk stalls during half load (after the ramp-up): {stalls.Stalls} ({stalls.StalledMs:0} ms in all); batches waiting on one or its backlog: {stalls.BatchesHit:N0}, " +
                  $"{stalls.SlowBatchesHit:N0} of the {stalls.SlowBatches:N0} over 25 ms; p99 of the batches clear of stalls {stalls.P99Clear:0.0} ms",
            $"  service GC during half load: {halfGc.Collections} collections, {halfGc.PauseSeconds * 1000:0} ms paused in total; " +
                $"load generator GC: {generatorGc.Collections} collections ({generatorGc.Gen2} gen2), {generatorGc.Paused.TotalMilliseconds:0} ms paused",
            $"service memory (RSS): {max.Memory.Rss:0} MiB after max load, {memoryAfterHalf.Rss:0} MiB after half load, peak {Math.Max(rounds.Max(r => r.Memory.Peak), memoryAfterHalf.Peak):0} MiB",
        };
        foreach (var line in lines)
        {
            Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Cpu(CpuUse cpu, LoadResult load)
    {
        var available = load.Elapsed.TotalSeconds * Environment.ProcessorCount;
        var rest = cpu.Machine - cpu.Service - cpu.Bench - cpu.Postgres - cpu.RabbitMq;
        var perEvent = 1e6 / load.Accepted;
        return $"service {cpu.Service.TotalSeconds:0.0} s ({cpu.Service.TotalSeconds * perEvent:0.0} us/event), PostgreSQL {cpu.Postgres.TotalSeconds:0.0} s ({cpu.Postgres.TotalSeconds * perEvent:0.0} us/event), " +
            $"RabbitMQ {cpu.RabbitMq.TotalSeconds:0.0} s, load generator {cpu.Bench.TotalSeconds:0.0} s, anything else on the machine {rest.TotalSeconds:0.0} s; " +
            $"machine busy {cpu.Machine.TotalSeconds:0.0} of {available:0.0} core-s (hypervisor steal {cpu.Steal.TotalSeconds:0.0} s)";
    }

    public static SortedDictionary<double, long> Difference(SortedDictionary<double, long> after, SortedDictionary<double, long> before) =>
        new(after.ToDictionary(b => b.Key, b => b.Value - before.GetValueOrDefault(b.Key)));

    public static Dictionary<string, (double Sum, long Count)> Difference(
        IReadOnlyDictionary<string, (double Sum, long Count)> after, IReadOnlyDictionary<string, (double Sum, long Count)> before) =>
        after.ToDictionary(a => a.Key, a => (a.Value.Sum - before.GetValueOrDefault(a.Key).Sum, a.Value.Count - before.GetValueOrDefault(a.Key).Count));

    /// <summary>"wait 1.2 ms per request; per transaction: keys 4.1 ms, rows 2.5 ms, commit 1.0 ms (of 2,470)".</summary>
    public static string Stages(IReadOnlyDictionary<string, (double Sum, long Count)> stages)
    {
        string Mean(string stage) => stages.TryGetValue(stage, out var s) && s.Count > 0
            ? FormattableString.Invariant($"{stage} {s.Sum * 1000 / s.Count:0.0} ms")
            : $"{stage} -";
        var transactions = stages.TryGetValue("commit", out var c) ? c.Count : 0;
        return $"{Mean("wait")} per request; per transaction: {Mean("keys")}, {Mean("rows")}, {Mean("commit")} (of {transactions:N0})";
    }

    /// <summary>"5 ms 40.1 %, 10 ms 80.2 %, …" from cumulative buckets (the last, +Inf, is the total).</summary>
    private static string Shares(SortedDictionary<double, long> cumulative)
    {
        var total = cumulative.Count == 0 ? 0 : cumulative.Last().Value;
        if (total == 0)
        {
            return "no commits recorded";
        }
        return string.Join(", ", cumulative.Where(b => b.Key is >= 0.005 and <= 0.25)
            .Select(b => FormattableString.Invariant($"{b.Key * 1000:0} ms {100.0 * b.Value / total:0.0} %"))) + $" (of {total:N0})";
    }
}
