using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Suite.Bench;
using Suite.Contracts.Predictions.V1;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.PredictionsBench;

/// <summary>
/// Single ScoreChurn calls in an open loop at a fixed rate, and what they cost the service (CPU, allocation, GC).
/// Calls are started by one dedicated thread that sleeps until each scheduled instant, so the generator's lateness is
/// small, measured and reported on its own instead of hiding in a thread-pool hop.
/// </summary>
public static class SingleCallLoad
{
    public static async Task<string> RunAsync(PredictionsClient client, Metadata auth, ServiceProcess service, PredictionsBenchOptions o, CancellationToken ct)
    {
        await WaitUntilQuietAsync(service, ct);
        var random = new Random(1);
        var requests = Enumerable.Range(0, 1000).Select(i => new ScoreChurnRequest { AccountId = $"a-{i}", Features = PredictionsBenchRunner.Features(random) }).ToArray();
        for (var i = 0; i < 500; i++)
        {
            await client.ScoreChurnAsync(requests[i % requests.Length], auth, cancellationToken: ct);   // JIT, engine pool
        }
        // Tiered JIT promotes hot methods in the background a while after their first calls: run at the measured
        // rate, unmeasured, so that compilation is not inside the measured window.
        if (o.WarmupSeconds > 0)
        {
            BenchInfra.Log($"warm-up: {o.Rate}/s for {o.WarmupSeconds} s, not measured");
            await OpenLoopAsync(client, auth, requests, o.Rate, o.Rate * o.WarmupSeconds, ct);
        }

        BenchInfra.Log($"single ScoreChurn (with explanation): {o.Rate}/s for {o.Seconds} s, open loop");
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var gcBefore = await RuntimeCounters.ReadAsync(service, ct);
        var (serviceCpu, benchCpu) = (service.CpuTime(), CpuStats.ProcessCpu(Environment.ProcessId));
        var total = o.Rate * o.Seconds;
        var r = await OpenLoopAsync(client, auth, requests, o.Rate, total, ct);
        serviceCpu = service.CpuTime() - serviceCpu;
        benchCpu = CpuStats.ProcessCpu(Environment.ProcessId) - benchCpu;
        var gc = (await RuntimeCounters.ReadAsync(service, ct)) - gcBefore;

        return string.Create(CultureInfo.InvariantCulture,
            $"""
            single ScoreChurn over gRPC at {o.Rate}/s (open loop, {total:N0} calls, load average {load} at the start):
              from send     p50 {P(r.FromSend, 0.50):F2} ms, p95 {P(r.FromSend, 0.95):F2} ms, p99 {P(r.FromSend, 0.99):F2} ms, max {r.FromSend[^1]:F2} ms (target p99 < 5 ms)
              from schedule p50 {P(r.FromSchedule, 0.50):F2} ms, p95 {P(r.FromSchedule, 0.95):F2} ms, p99 {P(r.FromSchedule, 0.99):F2} ms, max {r.FromSchedule[^1]:F2} ms
              send lateness p50 {P(r.Lateness, 0.50):F2} ms, p99 {P(r.Lateness, 0.99):F2} ms, max {r.Lateness[^1]:F2} ms (the generator's own share)
              CPU per call: service {serviceCpu.TotalMicroseconds / total:F0} µs, bench {benchCpu.TotalMicroseconds / total:F0} µs
              service GC: {gc.Allocated / total / 1024.0:F1} KiB allocated per call; collections gen0 {gc.Gen0}, gen1 {gc.Gen1}, gen2 {gc.Gen2}; pause {gc.PauseSeconds * 1000:F1} ms in all
            """);
    }

    /// <summary>
    /// A fresh service trains its global models at start; the JIT then compiles the training code's hot methods for a
    /// while. Waits until the service uses under 5 % of a core for one second (at most a minute), so that backlog is
    /// not measured as request latency.
    /// </summary>
    private static async Task WaitUntilQuietAsync(ServiceProcess service, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            var before = service.CpuTime();
            await Task.Delay(1000, ct);
            var used = (service.CpuTime() - before).TotalSeconds;
            if (used < 0.05)
            {
                BenchInfra.Log($"service quiet after {deadline.Elapsed.TotalSeconds:F0} s ({used * 100:F0} % of a core)");
                return;
            }
        }
        BenchInfra.Log("service still busy after a minute; measuring anyway");
    }

    private sealed record Latencies(double[] FromSend, double[] FromSchedule, double[] Lateness);

    private static async Task<Latencies> OpenLoopAsync(PredictionsClient client, Metadata auth, ScoreChurnRequest[] requests, int rate, int total, CancellationToken ct)
    {
        var fromSend = new double[total];
        var fromSchedule = new double[total];
        var lateness = new double[total];
        var calls = new Task[total];
        var scheduler = new Thread(() =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < total && !ct.IsCancellationRequested; i++)
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                // Sleep (not spin: the service needs the other core) in whole milliseconds until the instant.
                for (var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due); wait > TimeSpan.Zero; wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due))
                {
                    Thread.Sleep(Math.Max(1, (int)wait.TotalMilliseconds));
                }
                calls[i] = CallAsync(i, due);
            }
        }) { IsBackground = true, Name = "open-loop scheduler" };
        scheduler.Start();
        await Task.Run(scheduler.Join, ct);
        await Task.WhenAll(calls.Where(c => c is not null));
        Array.Sort(fromSend);
        Array.Sort(fromSchedule);
        Array.Sort(lateness);
        return new Latencies(fromSend, fromSchedule, lateness);

        async Task CallAsync(int index, long due)
        {
            var sent = Stopwatch.GetTimestamp();
            lateness[index] = Stopwatch.GetElapsedTime(due, sent).TotalMilliseconds;
            await client.ScoreChurnAsync(requests[index % requests.Length], auth, cancellationToken: ct);
            var done = Stopwatch.GetTimestamp();
            fromSchedule[index] = Stopwatch.GetElapsedTime(due, done).TotalMilliseconds;
            fromSend[index] = Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds;
        }
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
