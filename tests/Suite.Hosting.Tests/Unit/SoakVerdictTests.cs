using Suite.Bench;
using Xunit;

namespace Suite.Hosting.Tests.Unit;

/// <summary>The soak criterion (bench/Suite.SoakBench): growth of the medians of the first and last window after warm-up.</summary>
public sealed class SoakVerdictTests
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    /// <summary>35 minutes sampled every 10 s; rss(minute) in MiB, handles(minute).</summary>
    private static List<SoakSample> Run(Func<double, double> rssMiB, Func<double, int>? handles = null, string service = "alerting",
        Func<double, int>? pid = null, double minutes = 35)
    {
        var samples = new List<SoakSample>();
        for (var s = 0; s <= minutes * 60; s += 10)
        {
            var minute = s / 60.0;
            samples.Add(new SoakSample(TimeSpan.FromSeconds(s), service, pid?.Invoke(minute) ?? 100, (long)(rssMiB(minute) * 1048576),
                handles?.Invoke(minute) ?? 400, 20 + s % 7, 40L << 20));
        }
        return samples;
    }

    public static TheoryData<string, Func<double, double>, bool> RssCases => new()
    {
        { "flat", _ => 200, true },
        { "growth during warm-up only", m => m < 5 ? 100 + 20 * m : 200, true },
        { "9 % over the measured half hour", m => m < 5 ? 200 : 200 + 18 * (m - 5) / 30, true },
        { "11 % over the measured half hour", m => m < 5 ? 200 : 200 + 22 * (m - 5) / 30, false },
        { "step after warm-up", m => m < 15 ? 200 : 230, false },
        { "a spike in the middle only", m => m is > 15 and < 17 ? 400 : 200, true },
        { "one outlier sample in the last window", m => m > 34.9 ? 400 : 200, true },
        { "shrinks", m => m < 10 ? 250 : 200, true },
    };

    [Theory]
    [MemberData(nameof(RssCases))]
    public void Resident_memory_is_judged_on_the_window_medians(string name, Func<double, double> rss, bool passes)
    {
        var result = SoakVerdict.Judge(Run(rss), WarmUp, Window);
        Assert.True(passes == result.Passed, $"{name}: {string.Join("; ", result.Problems)}");
        Assert.Equal(passes, result.Growths.Single(g => g.Measure == "rss").Passed);
    }

    [Fact]
    public void Handle_growth_fails_and_threads_are_only_reported()
    {
        var result = SoakVerdict.Judge(Run(_ => 200, handles: m => m < 20 ? 400 : 460), WarmUp, Window);
        Assert.False(result.Passed);
        var handles = result.Growths.Single(g => g.Measure == "handles");
        Assert.Equal(400, handles.Baseline);
        Assert.Equal(460, handles.End);
        Assert.Equal(0.15, handles.Growth, 6);
        Assert.Contains(result.Problems, p => p.StartsWith("alerting: handles grew 15.0 %", StringComparison.Ordinal));
        Assert.False(result.Growths.Single(g => g.Measure == "threads").Judged);
    }

    [Fact]
    public void A_restart_after_warm_up_fails_even_when_memory_looks_flat()
    {
        var result = SoakVerdict.Judge(Run(_ => 200, pid: m => m < 20 ? 100 : 101), WarmUp, Window);
        Assert.Contains(result.Problems, p => p.Contains("restarted", StringComparison.Ordinal));
    }

    [Fact]
    public void A_restart_during_warm_up_is_fine()
    {
        Assert.True(SoakVerdict.Judge(Run(_ => 200, pid: m => m < 2 ? 100 : 101), WarmUp, Window).Passed);
    }

    [Fact]
    public void Too_short_a_run_is_not_a_pass()
    {
        var result = SoakVerdict.Judge(Run(_ => 200, minutes: 9), WarmUp, Window);
        Assert.Contains(result.Problems, p => p.Contains("measured after warm-up", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_service_is_judged_on_its_own()
    {
        var samples = Run(_ => 200, service: "metrics").Concat(Run(m => m < 15 ? 200 : 260, service: "reporting")).ToList();
        var result = SoakVerdict.Judge(samples, WarmUp, Window);
        Assert.Equal(["reporting: rss grew 30.0 % (200 -> 260), limit 10 %"], result.Problems);
    }

    [Theory]
    [InlineData(800, 800 * 1800, 1800, 2000, 0, true)]
    [InlineData(800, 700 * 1800, 1800, 2000, 0, false)]   // ingestion fell behind the asked rate
    [InlineData(800, 800 * 1800, 1800, 2000, 20, true)]   // 1 % of reads failed
    [InlineData(800, 800 * 1800, 1800, 2000, 21, false)]
    [InlineData(800, 800 * 1800, 1800, 0, 0, false)]      // no read load at all
    public void The_load_must_have_held(double rate, long accepted, int seconds, long reads, long failed, bool holds)
    {
        var problems = SoakVerdict.LoadProblems(rate, accepted, TimeSpan.FromSeconds(seconds), reads, failed);
        Assert.Equal(holds, problems.Count == 0);
    }
}
