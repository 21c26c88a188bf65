using System.Globalization;

namespace Suite.IngestionBench;

/// <summary>Prints the results, ending with the lines docs/benchmarks.md quotes.</summary>
public static class Report
{
    public static void Print(
        BenchOptions o,
        LoadResult max,
        long stored,
        (TimeSpan Service, TimeSpan Bench, TimeSpan Postgres, TimeSpan RabbitMq, TimeSpan Machine, TimeSpan Steal) cpu,
        (double Rss, double Peak) memoryAfterMax,
        (double Rss, double Peak) memoryAfterHalf,
        long backlog,
        TimeSpan drain,
        LoadResult half,
        double halfRate,
        (long Collections, double PauseSeconds) halfGc,
        CopyResult copy,
        IReadOnlyList<CopyResult> copies,
        (string Name, string Value)[] postgresSettings)
    {
        var ratio = max.EventsPerSecond / copy.RowsPerSecond;
        var available = max.Elapsed.TotalSeconds * Environment.ProcessorCount;
        var rest = cpu.Machine - cpu.Service - cpu.Bench - cpu.Postgres - cpu.RabbitMq;
        var perEvent = 1e6 / max.Accepted;
        var lines = new[]
        {
            "",
            "== Ingestion benchmark ==",
            $"machine: {Environment.ProcessorCount} cores; PostgreSQL durable (fsync, synchronous_commit, full_page_writes on); " +
                string.Join(", ", postgresSettings.Select(s => $"{s.Name}={s.Value}")),
            $"max load (streaming Ingest): {max.Accepted:N0} events accepted of {max.Events:N0} sent, stored {stored:N0}, in {max.Elapsed.TotalSeconds:0.00} s " +
                $"= {max.EventsPerSecond:N0} events/s  (batches of {o.BatchSize}, {o.Streams} streams, window {o.Window}, MaxConcurrentCommits {o.MaxConcurrentCommits})",
            $"  ack latency at max load: p50 {max.Percentile(50):0.0} ms, p99 {max.Percentile(99):0.0} ms",
            $"  CPU during max load: service {cpu.Service.TotalSeconds:0.0} s ({cpu.Service.TotalSeconds * perEvent:0.0} us/event), PostgreSQL {cpu.Postgres.TotalSeconds:0.0} s ({cpu.Postgres.TotalSeconds * perEvent:0.0} us/event), " +
                $"RabbitMQ {cpu.RabbitMq.TotalSeconds:0.0} s, load generator {cpu.Bench.TotalSeconds:0.0} s, anything else on the machine {rest.TotalSeconds:0.0} s; machine busy {cpu.Machine.TotalSeconds:0.0} of {available:0.0} core-s (hypervisor steal {cpu.Steal.TotalSeconds:0.0} s)",
            $"  outbox: {backlog:N0} EventBatchIngested messages unpublished at the end, drained in {drain.TotalSeconds:0.0} s",
            $"raw binary COPY of the same {copy.Rows:N0} rows ({copy.Bytes / 1048576.0:0} MiB), one COPY, unique (event_id, tenant), fastest of " +
                $"{copies.Count} ({string.Join(", ", copies.Select(c => $"{c.RowsPerSecond:N0}"))} rows/s): " +
                $"{copy.Elapsed.TotalSeconds:0.00} s = {copy.RowsPerSecond:N0} rows/s (PostgreSQL CPU {copy.PostgresCpu.TotalSeconds:0.0} s, {copy.PostgresCpu.TotalSeconds * 1e6 / copy.Rows:0.0} us/row)",
            $"RATIO durable events/s through the streaming API / raw COPY rows/s = {ratio:P1} (target >= 60 %)",
            $"half load: {half.Accepted:N0} events at {halfRate:N0} events/s (open loop, batches of {o.LatencyBatchSize}, {o.LatencyStreams} streams) in {half.Elapsed.TotalSeconds:0.0} s: " +
                $"ack latency p50 {half.Percentile(50):0.0} ms, p95 {half.Percentile(95):0.0} ms, p99 {half.Percentile(99):0.0} ms, max {half.Percentile(100):0.0} ms (target p99 < 25 ms)",
            $"  service GC during half load: {halfGc.Collections} collections, {halfGc.PauseSeconds * 1000:0} ms paused in total",
            $"service memory (RSS): {memoryAfterMax.Rss:0} MiB after max load, {memoryAfterHalf.Rss:0} MiB after half load, peak {Math.Max(memoryAfterMax.Peak, memoryAfterHalf.Peak):0} MiB",
        };
        foreach (var line in lines)
        {
            Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
        }
    }
}
