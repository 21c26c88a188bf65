using Suite.IngestionBench;

namespace Suite.Bench.Tests;

/// <summary>What the ingestion bench counts as a disk stall during the half load, from the kernel's counters.</summary>
public class DiskStallsTests
{
    // Readings 50 ms apart: (pressure "full" µs, completed requests, busy ms) at the interval's end; all start at 0.
    [Theory]
    [InlineData(0, 20, 5, false)]        // the usual half load: ~20 WAL writes, the disk busy 5 ms
    [InlineData(0, 26, 26, false)]       // a burst of full-page images: busy, but ~1 ms per write
    [InlineData(0, 1, 39, true)]         // one write took the interval (seen 2026-12-07: an 80 ms WAL flush)
    [InlineData(0, 0, 50, true)]         // busy throughout, nothing completed
    [InlineData(0, 2, 24, false)]        // slow writes, but the disk was busy under half the interval
    [InlineData(25_000, 20, 5, true)]    // everything waited on I/O for half the interval
    [InlineData(24_000, 20, 5, false)]
    public void An_interval_is_a_stall_when_the_disk_or_the_machine_waited_half_of_it(long fullMicros, long requests, long busyMs, bool stalled)
    {
        var from = new DiskStalls.Sample(1_000, 0, 0, 0);
        var to = new DiskStalls.Sample(1_050, fullMicros, requests, busyMs);

        Assert.Equal(stalled, DiskStalls.IsStalled(from, to));
    }

    [Fact]
    public void Readings_out_of_order_are_no_stall() =>
        Assert.False(DiskStalls.IsStalled(new DiskStalls.Sample(1_050, 0, 0, 0), new DiskStalls.Sample(1_050, 0, 0, 50)));

    private const string MountInfo =
        "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n" +
        "25 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw\n" +
        "40 22 8:17 / /srv/pg\\040data rw,relatime shared:9 - ext4 /dev/sdb1 rw\n" +
        "41 22 0:45 / /tmp rw,nosuid,nodev shared:10 - tmpfs tmpfs rw\n";

    [Theory]
    [InlineData("/var/lib/postgres", 254, 0)]
    [InlineData("/srv/pg data/main", 8, 17)]     // mount points with spaces are escaped as \040
    [InlineData("/srv/pg", 254, 0)]              // a prefix of a mount point is not under it
    [InlineData("/tmp/suite-bench-1/postgres/data", 0, 45)]
    public void The_watched_disk_is_the_one_mounted_longest_above_the_folder(string path, int major, int minor) =>
        Assert.Equal((major, minor), DiskStalls.DeviceOf(MountInfo, path));

    [Fact]
    public void Completed_reads_and_writes_and_busy_time_are_read_for_the_device()
    {
        const string stats =
            "   7       0 loop0 10 0 20 1 0 0 0 0 0 4 1 0 0 0 0\n" +
            " 254       0 vda 1016819 48328 53605866 2583645 4396067 1042576 2226571120 2568708 0 1683296 6242771 948421 16\n";

        Assert.Equal((1016819L + 4396067L, 1683296L), DiskStalls.ParseDiskStats(stats, (254, 0)));
        Assert.Null(DiskStalls.ParseDiskStats(stats, (8, 0)));
    }

    [Fact]
    public void Adjacent_stalled_intervals_are_one_stall()
    {
        DiskStalls.Sample At(double ms, long requests, long busyMs) => new(ms, 0, requests, busyMs);
        var samples = new[] { At(0, 0, 0), At(50, 1, 45), At(100, 1, 95), At(150, 21, 100), At(200, 21, 150), At(250, 41, 155) };

        Assert.Equal([(0.0, 100.0), (150.0, 200.0)], DiskStalls.Join(samples));
    }

    [Theory]
    [InlineData(900, 50, false)]    // acked before the stall
    [InlineData(950, 80, true)]     // waited through it
    [InlineData(1_150, 10, true)]   // due after it, while the requests queued meanwhile were stored
    [InlineData(1_200, 10, false)]  // the backlog is taken to drain in as long again as the stall lasted
    public void A_batch_waited_on_a_stall_when_it_overlaps_the_stall_or_its_backlog(double dueMs, double latencyMs, bool hit) =>
        Assert.Equal(hit, DiskStalls.Hit([(1_000.0, 1_100.0)], dueMs, latencyMs));

    [Fact]
    public void Stalls_of_the_ramp_up_are_left_out() =>
        Assert.Equal([(1_950.0, 2_050.0), (3_000.0, 3_050.0)], DiskStalls.Since([(1_000.0, 1_100.0), (1_950.0, 2_050.0), (3_000.0, 3_050.0)], 2_000));
}
