using System.Globalization;

namespace Suite.Bench;

/// <summary>
/// Huge pages for PostgreSQL's shared memory (its <c>huge_pages</c> setting), as its manual recommends for a large
/// shared_buffers: the random-UUID key index and the tables are read and written all over shared buffers, and on
/// this paravirtualised VM the TLB misses of 4 kB pages are dear. Linux hands out only huge pages reserved
/// beforehand (vm.nr_hugepages); a reservation made here is given back on dispose, and one left by a bench that was
/// killed before it could (kill -9) is given back by the next bench: each reservation is recorded in a file first.
/// </summary>
public sealed class HugePages : IDisposable
{
    private const string NrHugePages = "/proc/sys/vm/nr_hugepages";

    /// <summary>"PID TOTAL": the bench process that reserved pages and the vm.nr_hugepages it found.</summary>
    private static readonly string Record = Path.Combine(Path.GetTempPath(), "suite-bench-hugepages");

    private readonly int? _restoreTotal;

    private HugePages(int? restoreTotal, string note) => (_restoreTotal, Note) = (restoreTotal, note);

    /// <summary>What was found or done, for the report.</summary>
    public string Note { get; }

    /// <summary>The kernel's pool of huge pages (from /proc/meminfo).</summary>
    public sealed record Pool(int Total, int Free, int PageKb);

    public static Pool? ParsePool(string meminfo) => PoolOf(ProcFields.Parse(meminfo));

    private static Pool? PoolOf(Dictionary<string, long> meminfo) =>
        meminfo.TryGetValue("HugePages_Total", out var total) && meminfo.TryGetValue("HugePages_Free", out var free)
        && meminfo.TryGetValue("Hugepagesize", out var size)
            ? new Pool((int)total, (int)free, (int)size)
            : null;

    /// <summary>The vm.nr_hugepages that leaves <paramref name="needed"/> pages free, or null when enough are free.</summary>
    public static int? TotalToReserve(Pool pool, int needed) => pool.Free >= needed ? null : pool.Total + needed - pool.Free;

    /// <summary>Kilobytes of huge pages a process has mapped (HugetlbPages in /proc/PID/status), 0 when none.</summary>
    public static long ParseMappedKb(string procStatus) => ProcFields.Parse(procStatus).GetValueOrDefault("HugetlbPages");

    /// <summary>Makes <paramref name="needed"/> huge pages free, reserving what is missing when allowed (root).</summary>
    public static HugePages Reserve(int needed)
    {
        var abandoned = GiveBackAbandoned();
        if (ReadPool() is not { } pool)
        {
            return new HugePages(null, "this kernel has no huge pages");
        }
        if (TotalToReserve(pool, needed) is not { } total)
        {
            return new HugePages(null, $"{needed} pages of {pool.PageKb / 1024} MB needed, {pool.Free} were free");
        }
        try
        {
            File.WriteAllText(Record, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {pool.Total}"));
            File.WriteAllText(NrHugePages, total.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            DeleteRecord();
            return new HugePages(null, $"{needed} needed, {pool.Free} free, and the bench may not reserve more ({ex.Message}); " +
                $"as root: echo {total} > {NrHugePages}");
        }
        var after = ReadPool()?.Total ?? pool.Total;
        return new HugePages(pool.Total, $"{abandoned}{needed} pages of {pool.PageKb / 1024} MB needed; reserved by the bench: " +
            $"vm.nr_hugepages {pool.Total} → {after}, back to {pool.Total} at the end");
    }

    /// <summary>
    /// The vm.nr_hugepages to restore from a reservation record, or null when there is nothing to restore: no or a
    /// garbled record, or its bench is still running (its PostgreSQL needs the pages).
    /// </summary>
    public static int? AbandonedTotal(string? record, Func<int, bool> isAlive) =>
        record?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var pidText, var totalText]
        && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
        && int.TryParse(totalText, NumberStyles.None, CultureInfo.InvariantCulture, out var total)
        && !isAlive(pid)
            ? total
            : null;

    /// <summary>Gives back what a killed bench left reserved; a note for the report, empty when there was nothing.</summary>
    private static string GiveBackAbandoned()
    {
        var record = File.Exists(Record) ? File.ReadAllText(Record) : null;
        if (AbandonedTotal(record, pid => pid != Environment.ProcessId && Suite.Hosting.Processes.ProcessInfo.IsAlive(pid)) is not { } total)
        {
            return "";
        }
        try
        {
            File.WriteAllText(NrHugePages, total.ToString(CultureInfo.InvariantCulture));
            DeleteRecord();
            return $"a killed bench's reservation given back first (vm.nr_hugepages → {total}); ";
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return $"a killed bench left vm.nr_hugepages raised (record {Record}): {ex.Message}; ";
        }
    }

    public static Pool? ReadPool() => PoolOf(ProcFields.Read("/proc/meminfo"));

    public static long MappedKb(int pid) => ProcFields.Read($"/proc/{pid}/status").GetValueOrDefault("HugetlbPages");

    public void Dispose()
    {
        if (_restoreTotal is { } total)
        {
            // Pages PostgreSQL still holds become surplus and go back to the kernel when it lets them go.
            File.WriteAllText(NrHugePages, total.ToString(CultureInfo.InvariantCulture));
            DeleteRecord();
        }
    }

    /// <summary>A record another user wrote (a root bench's, seen by a non-root one) may not be ours to delete.</summary>
    private static void DeleteRecord()
    {
        try
        {
            File.Delete(Record);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // left for a bench with the rights to act on it
        }
    }
}
