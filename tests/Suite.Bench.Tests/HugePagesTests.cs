namespace Suite.Bench.Tests;

/// <summary>Reading the kernel's huge page pool and deciding what the bench must reserve for PostgreSQL.</summary>
public class HugePagesTests
{
    private const string Meminfo = """
        MemTotal:       24576000 kB
        AnonHugePages:         0 kB
        HugePages_Total:     100
        HugePages_Free:       40
        HugePages_Rsvd:        0
        HugePages_Surp:        0
        Hugepagesize:       2048 kB
        Hugetlb:          204800 kB
        """;

    [Fact]
    public void The_pool_is_read_from_meminfo() =>
        Assert.Equal(new HugePages.Pool(100, 40, 2048), HugePages.ParsePool(Meminfo));

    [Fact]
    public void A_kernel_without_huge_pages_has_no_pool() =>
        Assert.Null(HugePages.ParsePool("MemTotal:       24576000 kB\nMemFree:        1000 kB\n"));

    [Theory]
    [InlineData(0, 0, 553, 553)]      // nothing reserved yet
    [InlineData(100, 40, 553, 613)]   // 60 held by someone else stay theirs
    [InlineData(600, 600, 553, null)] // enough free: nothing to write
    [InlineData(600, 553, 553, null)]
    public void The_reservation_covers_only_what_is_missing(int total, int free, int needed, int? expected) =>
        Assert.Equal(expected, HugePages.TotalToReserve(new HugePages.Pool(total, free, 2048), needed));

    [Theory]
    [InlineData("Name:\tpostgres\nVmRSS:\t  20000 kB\nHugetlbPages:\t  309248 kB\nThreads:\t1\n", 309248)]
    [InlineData("Name:\tpostgres\nHugetlbPages:\t       0 kB\n", 0)]
    [InlineData("Name:\tpostgres\nVmRSS:\t  20000 kB\n", 0)]   // kernels before 4.4 do not say
    public void A_process_s_huge_pages_are_read_from_its_status(string status, long expectedKb) =>
        Assert.Equal(expectedKb, HugePages.ParseMappedKb(status));

    [Theory]
    [InlineData("4242 0", false, 0)]          // its bench was killed: back to what it found
    [InlineData("4242 128\n", false, 128)]
    [InlineData("4242 0", true, null)]        // its bench still runs: its PostgreSQL holds the pages
    [InlineData(null, false, null)]           // no record
    [InlineData("", false, null)]
    [InlineData("4242", false, null)]         // garbled: leave the kernel alone
    [InlineData("4242 -5", false, null)]
    [InlineData("x 0", false, null)]
    public void A_killed_bench_s_reservation_is_given_back(string? record, bool alive, int? expected) =>
        Assert.Equal(expected, HugePages.AbandonedTotal(record, pid => pid == 4242 && alive));
}
