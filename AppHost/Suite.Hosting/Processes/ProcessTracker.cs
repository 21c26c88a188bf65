using System.Diagnostics;
using System.Globalization;

namespace Suite.Hosting.Processes;

/// <summary>
/// Remembers every process started for one state folder (pid + start time in <c>&lt;state&gt;/pids</c>) so that nothing
/// outlives its owner (a tracked process that leads its own process group - everything started through setsid - is
/// killed with its whole group, e.g. the RabbitMQ start script with its beam.smp, the postmaster with its backends): a small shell watchdog kills them (and optionally deletes the folder) when the owning .NET
/// process dies without cleaning up (test host killed, AppHost SIGKILLed), and a later owner of the same folder kills
/// stragglers a dead owner left behind.
/// </summary>
public sealed class ProcessTracker : IDisposable
{
    private const string WatchdogScript = """
        exec </dev/null >/dev/null 2>&1
        parent="$1"; pids="$2"; doomed="$3"
        while kill -0 "$parent" 2>/dev/null; do sleep 1; done
        if [ -f "$pids" ]; then
          while read -r pid start leader name; do
            # A group leader's group dies with it even when the leader already died (SIGPIPE once we were gone).
            [ "$leader" = "group" ] && kill -9 -- "-$pid" 2>/dev/null
            now=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f20)
            [ -n "$now" ] && [ "$now" = "$start" ] && kill -9 "$pid" 2>/dev/null
          done < "$pids"
        fi
        if [ -n "$doomed" ]; then sleep 2; rm -rf "$doomed"; sleep 2; rm -rf "$doomed"; fi
        """;

    private readonly object _gate = new();
    private readonly Dictionary<int, (long Start, bool Leader, string Name)> _pids = [];
    private readonly string _pidFile;
    private readonly FileStream _lock;
    private Process? _watchdog;

    /// <param name="stateDir">Folder the pid list lives in.</param>
    /// <param name="deleteStateDirOnOrphan">Throwaway state (tests): the watchdog deletes the folder too.</param>
    public ProcessTracker(string stateDir, bool deleteStateDirOnOrphan)
    {
        Directory.CreateDirectory(stateDir);
        StateDir = stateDir;
        _pidFile = Path.Combine(stateDir, "pids");
        _lock = AcquireLock(stateDir);
        KillStragglers(stateDir);
        StartWatchdog(deleteStateDirOnOrphan ? stateDir : "");
    }

    public string StateDir { get; }

    public IReadOnlyList<(int Pid, string Name)> Tracked
    {
        get
        {
            lock (_gate)
            {
                return _pids.Select(p => (p.Key, p.Value.Name)).ToList();
            }
        }
    }

    public void Track(int pid, string name)
    {
        var start = ProcessInfo.StartTime(pid);
        if (start is null)
        {
            return;
        }
        var leader = ProcessInfo.ProcessGroup(pid) == pid;
        lock (_gate)
        {
            _pids[pid] = (start.Value, leader, name);
            Save();
        }
    }

    public void Untrack(int pid)
    {
        lock (_gate)
        {
            if (_pids.Remove(pid))
            {
                Save();
            }
        }
    }

    /// <summary>Last resort: SIGKILL whatever is still tracked and alive. Returns how many were killed.</summary>
    public int KillAll()
    {
        List<KeyValuePair<int, (long Start, bool Leader, string Name)>> all;
        lock (_gate)
        {
            all = [.. _pids];
            _pids.Clear();
            Save();
        }
        var killed = 0;
        foreach (var (pid, (start, leader, _)) in all)
        {
            if (Kill(pid, start, leader))
            {
                killed++;
            }
        }
        return killed;
    }

    /// <summary>Kills processes a previous, dead owner of this state folder recorded. Returns how many.</summary>
    public static int KillStragglers(string stateDir)
    {
        var file = Path.Combine(stateDir, "pids");
        if (!File.Exists(file))
        {
            return 0;
        }
        var killed = 0;
        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length >= 3
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start)
                && pid != Environment.ProcessId
                && Kill(pid, start, parts[2] == "group"))
            {
                killed++;
            }
        }
        File.Delete(file);
        return killed;
    }

    public void Dispose()
    {
        KillAll();
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        if (_watchdog is { } w)
        {
            try
            {
                // With its tree: the shell's `sleep 1` would otherwise live on for up to a second, unowned.
                w.Kill(entireProcessTree: true);
                w.WaitForExit(2000);
            }
            catch (InvalidOperationException)
            {
            }
            w.Dispose();
            _watchdog = null;
        }
        _lock.Dispose();
    }

    // One owner per state folder (flock through FileShare.None): a second AppHost must not kill the first one's processes.
    private static FileStream AcquireLock(string stateDir)
    {
        var path = Path.Combine(stateDir, "lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"The state folder {stateDir} is in use by another running Suite host (lock {path}).", ex);
        }
    }

    // The process if it is still the one recorded; for a group leader also every member of its group started after it
    // (found through /proc, so a pid reused since is never hit), even when the leader itself is gone.
    private static bool Kill(int pid, long start, bool leader)
    {
        var killed = false;
        if (leader)
        {
            foreach (var member in GroupMembers(pid, start))
            {
                killed |= Native.Signal(member, Native.SIGKILL);
            }
        }
        if (ProcessInfo.IsSameProcess(pid, start))
        {
            killed |= Native.Signal(pid, Native.SIGKILL);
        }
        return killed;
    }

    private static IEnumerable<int> GroupMembers(int group, long notBefore) =>
        ProcessInfo.OtherPids().Where(pid => ProcessInfo.ProcessGroup(pid) == group && ProcessInfo.StartTime(pid) >= notBefore);

    private void Save()
    {
        var lines = _pids.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Key} {p.Value.Start} {(p.Value.Leader ? "group" : "single")} {p.Value.Name}"));
        var tmp = _pidFile + ".tmp";
        File.WriteAllLines(tmp, lines);
        File.Move(tmp, _pidFile, overwrite: true);
    }

    private void StartWatchdog(string doomedDir)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "sh", "-c", WatchdogScript, "suite-watchdog",
                     Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _pidFile, doomedDir })
        {
            psi.ArgumentList.Add(arg);
        }
        _watchdog = Process.Start(psi);
    }
}
