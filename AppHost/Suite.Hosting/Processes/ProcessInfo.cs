namespace Suite.Hosting.Processes;

/// <summary>Reads /proc to tell whether a pid is still the process we started (pids get reused).</summary>
public static class ProcessInfo
{
    /// <summary>Every pid in /proc except this process's own.</summary>
    public static IEnumerable<int> OtherPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId);

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = Stat(pid);
        return stat is not null && stat[0] != "Z";
    }

    /// <summary>Start time in clock ticks since boot (field 22 of /proc/pid/stat); null when gone.</summary>
    public static long? StartTime(int pid)
    {
        var stat = Stat(pid);
        return stat is not null && stat.Length > 19 && long.TryParse(stat[19], out var t) ? t : null;
    }

    /// <summary>Process group id (field 5 of /proc/pid/stat); null when gone.</summary>
    public static int? ProcessGroup(int pid)
    {
        var stat = Stat(pid);
        return stat is not null && stat.Length > 2 && int.TryParse(stat[2], out var g) ? g : null;
    }

    /// <summary>True when pid is alive and still the process that had the given start time.</summary>
    public static bool IsSameProcess(int pid, long startTime) => IsAlive(pid) && StartTime(pid) == startTime;

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Waits until the pid is gone; false on timeout.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
        return true;
    }

    // Fields after "pid (comm) ": index 0 is field 3 (state). comm may contain spaces and parentheses.
    private static string[]? Stat(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var close = text.LastIndexOf(')');
        return close < 0 ? null : text[(close + 1)..].Trim().Split(' ');
    }
}
