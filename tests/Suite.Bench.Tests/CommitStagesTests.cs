using Suite.Bench;
using Suite.IngestionBench;

namespace Suite.Bench.Tests;

/// <summary>The half load's "where it went" line, from the service's commit stage histogram.</summary>
public class CommitStagesTests
{
    private const string Name = "suite_ingestion_commit_stage_duration_seconds";

    [Fact]
    public void Sums_and_counts_are_read_per_stage_over_the_other_labels()
    {
        const string metrics =
            Name + "_bucket{otel_scope_name=\"Suite.Ingestion\",stage=\"keys\",le=\"0.005\"} 3\n" +
            Name + "_sum{otel_scope_name=\"Suite.Ingestion\",stage=\"keys\"} 0.012\n" +
            Name + "_count{otel_scope_name=\"Suite.Ingestion\",stage=\"keys\"} 3\n" +
            Name + "_sum{otel_scope_name=\"other\",stage=\"keys\"} 0.004\n" +
            Name + "_count{otel_scope_name=\"other\",stage=\"keys\"} 1\n" +
            Name + "_sum{otel_scope_name=\"Suite.Ingestion\",stage=\"wait\"} 0.5\n" +
            Name + "_count{otel_scope_name=\"Suite.Ingestion\",stage=\"wait\"} 10\n" +
            "suite_ingestion_batch_commit_duration_seconds_sum{otel_scope_name=\"Suite.Ingestion\"} 9\n";

        var sums = ServiceProcess.HistogramSums(metrics, Name, "stage");

        Assert.Equal(2, sums.Count);
        Assert.Equal(0.016, sums["keys"].Sum, 9);
        Assert.Equal(4, sums["keys"].Count);
        Assert.Equal((0.5, 10L), sums["wait"]);
    }

    [Fact]
    public void The_line_gives_each_stage_s_mean_over_the_phase()
    {
        var before = new Dictionary<string, (double, long)> { ["wait"] = (1.0, 100), ["keys"] = (0.4, 100), ["commit"] = (0.1, 100) };
        var after = new Dictionary<string, (double, long)>
        {
            ["wait"] = (1.3, 400), ["keys"] = (1.6, 400), ["rows"] = (0.75, 300), ["commit"] = (0.4, 400),
        };

        var line = Report.Stages(Report.Difference(after, before));

        Assert.Equal("wait 1.0 ms per request; per transaction: keys 4.0 ms, rows 2.5 ms, commit 1.0 ms (of 300)", line);
    }

    [Fact]
    public void A_stage_without_records_shows_as_a_dash() =>
        Assert.Equal("wait - per request; per transaction: keys -, rows -, commit - (of 0)", Report.Stages(new Dictionary<string, (double, long)>()));
}
