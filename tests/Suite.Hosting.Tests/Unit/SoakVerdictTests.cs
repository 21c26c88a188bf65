using Suite.Bench;
using Xunit;

namespace Suite.Hosting.Tests.Unit;

/// <summary>The soak criterion (bench/Suite.SoakBench): growth on the line through the medians of the first and last window after warm-up.</summary>
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

    // The bench's default: windows of a third of the measured time (10 of 30 min).
    public static TheoryData<string, Func<double, double>, bool> ThirdsCases => new()
    {
        { "9 % over the measured half hour", m => m < 5 ? 200 : 200 + 18 * (m - 5) / 30, true },
        { "11 % over the measured half hour", m => m < 5 ? 200 : 200 + 22 * (m - 5) / 30, false },
        { "a 3-minute backlog at the end (+60 %)", m => m > 32 ? 320 : 200, true },
        { "a 4-minute backlog at the start (+60 %)", m => m is > 5 and < 9 ? 320 : 200, true },
        { "step after warm-up", m => m < 15 ? 200 : 230, false },
        { "step in the last third that stays", m => m < 26 ? 200 : 230, false },
    };

    [Theory]
    [MemberData(nameof(ThirdsCases))]
    public void With_windows_of_a_third_a_leak_counts_in_full_and_a_short_backlog_does_not(string name, Func<double, double> rss, bool passes)
    {
        var result = SoakVerdict.Judge(Run(rss), WarmUp, TimeSpan.FromMinutes(10));
        Assert.True(passes == result.Passed, $"{name}: {string.Join("; ", result.Problems)}");
        Assert.Equal(1.5, result.Growths[0].Scale, 6);
    }

    [Fact]
    public void Handle_growth_fails_and_threads_are_only_reported()
    {
        var result = SoakVerdict.Judge(Run(_ => 200, handles: m => m < 20 ? 400 : 460), WarmUp, Window);
        Assert.False(result.Passed);
        var handles = result.Growths.Single(g => g.Measure == "handles");
        Assert.Equal(400, handles.Baseline);
        Assert.Equal(460, handles.End);
        Assert.Equal(0.15 * 30 / 28, handles.Growth, 6);   // medians 28 min apart, carried over the 30 measured
        Assert.Contains(result.Problems, p => p.StartsWith("alerting: handles grew 16.1 % over the measured time", StringComparison.Ordinal));
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
    public void A_last_sample_a_hair_before_the_end_still_counts_as_the_whole_measure()
    {
        // Seen in a real run: the sampling timer ticked a few milliseconds early, so the last sample fell at 49:59.99.
        var samples = Run(_ => 200, minutes: 11).Select(s => s.At == TimeSpan.FromMinutes(11) ? s with { At = s.At - TimeSpan.FromMilliseconds(10) } : s).ToList();
        Assert.True(SoakVerdict.Judge(samples, WarmUp, Window).Passed);
        Assert.False(SoakVerdict.Judge(Run(_ => 200, minutes: 10.9), WarmUp, Window).Passed);
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
        Assert.Equal(["reporting: rss grew 32.1 % over the measured time (medians 200 -> 260), limit 10 %"], result.Problems);
    }

    [Fact]
    public void Samples_survive_the_csv_so_a_run_can_be_judged_again()
    {
        var samples = Run(m => 200 + m, service: "metrics", minutes: 6);
        var read = SoakCsv.Read(SoakCsv.Write(samples));
        Assert.Equal(samples.Count, read.Count);
        Assert.Equal(samples[^1].At, read[^1].At);
        Assert.Equal(samples[^1].RssBytes / 1048576.0, read[^1].RssBytes / 1048576.0, 1);
        Assert.Equal(samples.Select(s => (s.Service, s.Pid, s.Handles, s.Threads)), read.Select(s => (s.Service, s.Pid, s.Handles, s.Threads)));
    }

    [Theory]
    [InlineData("elapsed_s,rss\n1,2\n", "not a soak CSV")]
    [InlineData(SoakCsv.Header + "\n10,ingestion,1,200.0,370,20\n", "line 2: 7 fields expected")]
    [InlineData(SoakCsv.Header + "\n10,ingestion,1,200.0,370,20,30.5\n10,ingestion,x,200.0,370,20,30.5\n", "line 3:")]
    public void A_file_that_is_not_soak_samples_says_where(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => SoakCsv.Read(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
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
