using System.Globalization;

namespace Suite.Bench;

/// <summary>
/// Huge pages for PostgreSQL's shared memory (its <c>huge_pages</c> setting), as its manual recommends for a large
/// shared_buffers: the random-UUID key index and the tables are read and written all over shared buffers, and on
/// this paravirtualised VM the TLB misses of 4 kB pages are dear. Linux hands out only huge pages reserved
/// beforehand (vm.nr_hugepages); a reservation made here is given back on dispose.
/// </summary>
public sealed class HugePages : IDisposable
{
    private const string NrHugePages = "/proc/sys/vm/nr_hugepages";

    private readonly int? _restoreTotal;

    private HugePages(int? restoreTotal, string note) => (_restoreTotal, Note) = (restoreTotal, note);

    /// <summary>What was found or done, for the report.</summary>
    public string Note { get; }

    /// <summary>The kernel's pool of huge pages (from /proc/meminfo).</summary>
    public sealed record Pool(int Total, int Free, int PageKb);

    public static Pool? ParsePool(string meminfo)
    {
        var fields = meminfo.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim().Split(' ')[0]);
        int? Field(string name) => fields.TryGetValue(name, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : null;
        return Field("HugePages_Total") is { } total && Field("HugePages_Free") is { } free && Field("Hugepagesize") is { } size
            ? new Pool(total, free, size)
            : null;
    }

    /// <summary>The vm.nr_hugepages that leaves <paramref name="needed"/> pages free, or null when enough are free.</summary>
    public static int? TotalToReserve(Pool pool, int needed) => pool.Free >= needed ? null : pool.Total + needed - pool.Free;

    /// <summary>Kilobytes of huge pages a process has mapped (HugetlbPages in /proc/PID/status), 0 when none.</summary>
    public static long ParseMappedKb(string procStatus) =>
        procStatus.Split('\n').FirstOrDefault(l => l.StartsWith("HugetlbPages:", StringComparison.Ordinal)) is { } line
        && long.TryParse(line["HugetlbPages:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var kb)
            ? kb
            : 0;

    /// <summary>Makes <paramref name="needed"/> huge pages free, reserving what is missing when allowed (root).</summary>
    public static HugePages Reserve(int needed)
    {
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
            File.WriteAllText(NrHugePages, total.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return new HugePages(null, $"{needed} needed, {pool.Free} free, and the bench may not reserve more ({ex.Message}); " +
                $"as root: echo {total} > {NrHugePages}");
        }
        var after = ReadPool()?.Total ?? pool.Total;
        return new HugePages(pool.Total, $"{needed} pages of {pool.PageKb / 1024} MB needed; reserved by the bench: " +
            $"vm.nr_hugepages {pool.Total} → {after}, back to {pool.Total} at the end");
    }

    public static Pool? ReadPool() => File.Exists("/proc/meminfo") ? ParsePool(File.ReadAllText("/proc/meminfo")) : null;

    public static long MappedKb(int pid) =>
        File.Exists($"/proc/{pid}/status") ? ParseMappedKb(File.ReadAllText($"/proc/{pid}/status")) : 0;

    public void Dispose()
    {
        if (_restoreTotal is { } total)
        {
            // Pages PostgreSQL still holds become surplus and go back to the kernel when it lets them go.
            File.WriteAllText(NrHugePages, total.ToString(CultureInfo.InvariantCulture));
        }
    }
}
