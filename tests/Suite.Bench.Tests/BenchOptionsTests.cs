using Suite.IngestionBench;

namespace Suite.Bench.Tests;

/// <summary>The ingestion benchmark's command line: what it accepts, and that a mistake is refused rather than ignored.</summary>
public class BenchOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_run()
    {
        var o = BenchOptions.Parse([])!;

        Assert.Equal((1_000_000, 3, 1000, 4, 4), (o.Events, o.Rounds, o.BatchSize, o.Streams, o.Window));
        Assert.Equal((500, 8, 20, 2), (o.LatencyBatchSize, o.LatencyStreams, o.LatencySeconds, o.LatencyRampSeconds));
        Assert.False(o.TimeOrderedIds);
        Assert.True(o.HugePages);
        Assert.Null(o.MaxConcurrentCommits);
    }

    [Fact]
    public void Options_are_read_with_their_values()
    {
        var o = BenchOptions.Parse(["--events", "5000", "--rounds", "1", "--ids", "v7", "--latency-ramp", "0", "--latency-batch", "5000",
            "--pg-set", "autovacuum=off", "--service-env", "DOTNET_gcConcurrent=", "--timeline", "t.csv", "--keep", "--huge-pages", "off"])!;

        Assert.Equal((5000, 1, 0), (o.Events, o.Rounds, o.LatencyRampSeconds));
        Assert.Equal(1000, o.LatencyBatchSize);   // capped at the service's batch limit
        Assert.True(o.TimeOrderedIds);
        Assert.Equal([("autovacuum", "off")], o.PgSettings);
        Assert.Equal([("DOTNET_gcConcurrent", "")], o.ServiceEnvironment);
        Assert.Equal(("t.csv", true), (o.Timeline, o.Keep));
        Assert.False(o.HugePages);
    }

    [Theory]
    [InlineData("--events")]
    [InlineData("--events", "0")]
    [InlineData("--events", "many")]
    [InlineData("--latency-ramp", "-1")]
    [InlineData("--ids", "v5")]
    [InlineData("--huge-pages")]
    [InlineData("--huge-pages", "yes")]
    [InlineData("--pg-set", "autovacuum")]
    [InlineData("--pg-set", "autovacuum=")]
    [InlineData("--service-env", "=1")]
    [InlineData("--no-such-option")]
    public void A_bad_command_line_is_refused(params string[] args) => Assert.Null(BenchOptions.Parse(args));
}
