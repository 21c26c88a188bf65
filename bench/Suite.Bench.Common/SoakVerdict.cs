namespace Suite.Bench;

/// <summary>One reading of one service process during a soak (from /proc and the service's /metrics).</summary>
public sealed record SoakSample(TimeSpan At, string Service, int Pid, long RssBytes, int Handles, int Threads, long GcHeapBytes);

/// <summary>How one measure of one service moved between the first window after warm-up and the last window.</summary>
/// <param name="Baseline">Median of the first window after warm-up.</param>
/// <param name="End">Median of the last window.</param>
/// <param name="Scale">Measured time over the time between the two windows' centres: turns the change between the
/// medians into the change over the whole measured time (1.5 with windows of a third).</param>
public sealed record SoakGrowth(string Service, string Measure, double Baseline, double End, double Peak, double Scale, bool Judged, bool Passed)
{
    /// <summary>Relative change over the measured time, on the line through the two medians (0.10 = 10 % more).</summary>
    public double Growth => Baseline > 0 ? (End / Baseline - 1) * Scale : 0;
}

public sealed record SoakResult(IReadOnlyList<SoakGrowth> Growths, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// The soak criterion (issue 9, docs/reliability.md): after warm-up, resident memory and open handles of every service
/// grow by less than <see cref="MaxGrowth"/> over the measured time. Growth is the slope of the line through the
/// medians of the first and the last window (Tukey's resistant line, with windows of a third), carried over the whole
/// measured time: a steady leak counts in full, while a GC, a burst of connections or a backlog shorter than half a
/// window at either end does not decide. Threads and the GC heap are reported, not judged: the thread pool sizes
/// itself to the load, and the managed heap is part of the resident memory that is judged.
/// </summary>
public static class SoakVerdict
{
    public const double MaxGrowth = 0.10;

    public static readonly IReadOnlyList<string> JudgedMeasures = ["rss", "handles"];

    /// <summary>A sampling timer may tick this much early: a run stopped at 49:59.99 still measured its 30 minutes.</summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromSeconds(1);

    public static SoakResult Judge(IReadOnlyList<SoakSample> samples, TimeSpan warmUp, TimeSpan window, double maxGrowth = MaxGrowth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var growths = new List<SoakGrowth>();
        var problems = new List<string>();
        if (samples.Count == 0)
        {
            return new SoakResult(growths, ["no samples"]);
        }
        var last = samples.Max(s => s.At);
        var measuredTime = last - warmUp;
        var scale = measuredTime > window ? measuredTime / (measuredTime - window) : 1;
        if (measuredTime < 3 * window - TimerSlack)
        {
            problems.Add($"only {(last - warmUp).TotalMinutes:0.#} min measured after warm-up; at least 3 windows of {window.TotalMinutes:0.#} min needed");
        }
        foreach (var service in samples.GroupBy(s => s.Service, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var measured = service.Where(s => s.At >= warmUp).OrderBy(s => s.At).ToList();
            var first = measured.Where(s => s.At < warmUp + window).ToList();
            var end = measured.Where(s => s.At > last - window).ToList();
            if (first.Count == 0 || end.Count == 0)
            {
                problems.Add($"{service.Key}: no samples in the first or the last window after warm-up");
                continue;
            }
            var pids = measured.Select(s => s.Pid).Distinct().ToList();
            if (pids.Count > 1)
            {
                problems.Add($"{service.Key}: restarted during the measured period (pids {string.Join(", ", pids)})");
            }
            foreach (var (measure, read) in Measures)
            {
                var judged = JudgedMeasures.Contains(measure);
                var baseline = Median(first.Select(read));
                var growth = new SoakGrowth(service.Key, measure, baseline, Median(end.Select(read)), measured.Max(read), scale, judged, true);
                growth = growth with { Passed = !judged || growth.Growth < maxGrowth };
                growths.Add(growth);
                if (!growth.Passed)
                {
                    problems.Add($"{service.Key}: {measure} grew {growth.Growth:P1} over the measured time (medians {growth.Baseline:0.#} -> {growth.End:0.#}), limit {maxGrowth:P0}");
                }
            }
        }
        return new SoakResult(growths, problems);
    }

    /// <summary>The load itself must have held: events accepted at (nearly) the asked rate, read calls answered.</summary>
    public static IReadOnlyList<string> LoadProblems(double askedEventsPerSecond, long acceptedEvents, TimeSpan measured, long readCalls, long failedReadCalls)
    {
        var problems = new List<string>();
        var rate = measured > TimeSpan.Zero ? acceptedEvents / measured.TotalSeconds : 0;
        if (rate < 0.9 * askedEventsPerSecond)
        {
            problems.Add($"ingestion accepted {rate:0} events/s, under 90 % of the asked {askedEventsPerSecond:0}");
        }
        if (readCalls == 0)
        {
            problems.Add("no read calls were made");
        }
        else if (failedReadCalls > readCalls / 100)
        {
            problems.Add($"{failedReadCalls} of {readCalls} read calls failed (more than 1 %)");
        }
        return problems;
    }

    private static readonly (string Name, Func<SoakSample, double> Read)[] Measures =
    [
        ("rss", s => s.RssBytes / 1048576.0),
        ("handles", s => s.Handles),
        ("threads", s => s.Threads),
        ("gc_heap", s => s.GcHeapBytes / 1048576.0),
    ];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
