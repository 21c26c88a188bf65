using System.Globalization;
using System.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Suite.Bench;
using Suite.Contracts.Ingestion.V1;
using Suite.Hosting;

namespace Suite.SoakBench;

/// <summary>
/// Starts the whole suite with the simulator (--demo) at the asked event rate, adds the read load, samples every
/// service, then judges growth after warm-up (<see cref="SoakVerdict"/>). Exit code 0 = passed, 1 = failed.
/// </summary>
public static class SoakRunner
{
    private static readonly string[] Tenants = ["demo", "acme"];

    public static async Task<int> RunAsync(SoakOptions options)
    {
        await BenchInfra.InstallMissingAsync(CancellationToken.None);
        var configuration = typeof(SoakRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        await using var suite = SuiteTopology.Build(new SuiteHostOptions
        {
            StateDir = Path.Combine(Path.GetTempPath(), "suite-soak-" + Guid.NewGuid().ToString("N")[..8]),
            Configuration = configuration,
            Demo = true,
            Throwaway = true,
            DeleteStateOnStop = !options.Keep,
            SimulatorArgs = ["--rate", options.Rate.ToString(CultureInfo.InvariantCulture), "--tenants", string.Join(',', Tenants)],
            ExtraEnvironment = options.ServiceEnvironment,
            Log = BenchInfra.Log,
        });
        BenchInfra.Log($"starting the suite ({configuration}, state {suite.StateDir}); {options.WarmupMinutes} min warm-up + {options.Minutes} min measured at {options.Rate} events/s");
        await suite.StartAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var readLoad = new ReadLoad(suite, Tenants[0]);
        using var stop = new CancellationTokenSource();
        var reads = Task.Run(() => readLoad.RunAsync(stop.Token));
        var samples = new List<SoakSample>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long acceptedAtWarmUp = -1;
        var lastLog = TimeSpan.Zero;
        var at = TimeSpan.Zero;
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SampleSeconds)))
        {
            do
            {
                at = clock.Elapsed;
                var round = new List<SoakSample>();
                foreach (var (service, _, _) in SuiteTopology.Services)
                {
                    if (suite.App.GetResource<Suite.Hosting.ProjectResource>(service).ProcessId is { } pid
                        && await ProcessSampler.SampleAsync(http, at, service, pid, suite.HttpEndpoint(service), CancellationToken.None) is { } sample)
                    {
                        round.Add(sample);
                    }
                }
                samples.AddRange(round);
                if (acceptedAtWarmUp < 0 && at >= options.WarmUp)
                {
                    acceptedAtWarmUp = await AcceptedAsync(suite);
                    BenchInfra.Log($"warm-up over: {acceptedAtWarmUp:N0} events accepted so far; measuring");
                }
                if (at - lastLog >= TimeSpan.FromMinutes(1))
                {
                    lastLog = at;
                    BenchInfra.Log($"{at.TotalMinutes:0} min: " + string.Join("  ", round.Select(s => $"{s.Service} {s.RssBytes / 1048576.0:0}M/{s.Handles}fd/{s.Threads}t/gc {s.GcHeapBytes / 1048576.0:0}M"))
                        + $"  | reads {readLoad.Calls} ({readLoad.Failures} failed), firing incidents {readLoad.FiringIncidents}, last report {readLoad.LastReportBytes / 1024} KiB");
                }
            }
            // Until a round has sampled at or after the end: the timer can tick a hair early, and a last round at
            // 49:59.99 would leave the measure short of its three windows.
            while (at < options.Total && await timer.WaitForNextTickAsync());
        }
        var measured = clock.Elapsed - options.WarmUp;
        var acceptedInMeasure = await AcceptedAsync(suite) - Math.Max(acceptedAtWarmUp, 0);
        await stop.CancelAsync();
        await reads;

        if (options.Csv is { } csv)
        {
            await File.WriteAllTextAsync(csv, SoakCsv.Write(samples));
            BenchInfra.Log($"samples written to {csv}");
        }
        var result = SoakVerdict.Judge(samples, options.WarmUp, options.Window);
        var load = SoakVerdict.LoadProblems(options.Rate, acceptedInMeasure, measured, readLoad.Calls, readLoad.Failures);
        Console.WriteLine();
        Console.WriteLine($"Soak: {options.WarmupMinutes} min warm-up, {measured.TotalMinutes:0.0} min measured, {acceptedInMeasure / measured.TotalSeconds:0} events/s accepted, {readLoad.Calls} read calls ({readLoad.Failures} failed{(readLoad.LastFailure is { } f ? ", last: " + f : "")})");
        return Print(result, load, options);
    }

    /// <summary>--judge FILE: the verdict on a CSV written by an earlier run, with this run's warm-up and window.</summary>
    public static async Task<int> JudgeFileAsync(SoakOptions options)
    {
        var samples = SoakCsv.Read(await File.ReadAllTextAsync(options.Judge!));
        Console.WriteLine($"Soak samples from {options.Judge} ({samples.Count}); {options.WarmupMinutes} min warm-up; the load (events/s, reads) is not in the CSV and not judged again");
        return Print(SoakVerdict.Judge(samples, options.WarmUp, options.Window), [], options);
    }

    private static int Print(SoakResult result, IReadOnlyList<string> loadProblems, SoakOptions options)
    {
        var problems = result.Problems.Concat(loadProblems).ToList();
        Console.WriteLine($"Medians of the first and last {options.WindowMinutes} min; growth over the measured time on the line through them; judged: {string.Join(", ", SoakVerdict.JudgedMeasures)} (< {SoakVerdict.MaxGrowth:P0})");
        Console.WriteLine("| service | measure | first window | last window | peak | growth | judged |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var g in result.Growths)
        {
            Console.WriteLine($"| {g.Service} | {g.Measure} | {g.Baseline:0.#} | {g.End:0.#} | {g.Peak:0.#} | {g.Growth:+0.0%;-0.0%} | {(g.Judged ? g.Passed ? "pass" : "FAIL" : "-")} |");
        }
        Console.WriteLine(problems.Count == 0 ? "soak: PASSED" : "soak: FAILED\n  " + string.Join("\n  ", problems));
        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<long> AcceptedAsync(SuiteApplication suite)
    {
        using var channel = GrpcChannel.ForAddress(suite.GrpcEndpoint("ingestion"));
        var client = new Ingestion.IngestionClient(channel);
        long accepted = 0;
        foreach (var tenant in Tenants)
        {
            accepted += (await client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), ReadLoad.Bearer(suite.TokenFor(tenant)), DateTime.UtcNow.AddSeconds(30))).Accepted;
        }
        return accepted;
    }
}
