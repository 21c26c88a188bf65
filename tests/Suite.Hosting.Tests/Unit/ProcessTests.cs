using Suite.Hosting.Processes;
using Xunit;

namespace Suite.Hosting.Tests.Unit;

public sealed class ProcessTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Output_goes_to_the_log_and_the_exit_code_is_reported()
    {
        var log = Path.Combine(_state.Dir, "logs", "p.log");
        var echoed = new ListEcho();
        using var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = "p",
            FileName = "sh",
            Args = ["-c", "echo out; echo err >&2; echo $SUITE_X; exit 3"],
            Environment = new Dictionary<string, string?> { ["SUITE_X"] = "from-env" },
            LogPath = log,
            Echo = echoed,
        });

        Assert.Equal(3, await process.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        await Task.Delay(100);
        var text = await File.ReadAllTextAsync(log);
        Assert.Contains("out", text, StringComparison.Ordinal);
        Assert.Contains("err", text, StringComparison.Ordinal);
        Assert.Contains("from-env", text, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", text, StringComparison.Ordinal);
        Assert.Contains(("p", "err", true), echoed.Lines);
    }

    [Fact]
    public async Task Stop_sends_sigterm_first()
    {
        using var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = "p",
            FileName = "sh",
            Args = ["-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done"],
        });
        await Task.Delay(300);

        await process.StopAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(42, await process.Exited);
    }

    [Fact]
    public async Task Stop_kills_a_process_that_ignores_sigterm()
    {
        using var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = "p",
            FileName = "sh",
            Args = ["-c", "trap '' TERM; while true; do sleep 0.1; done"],
        });
        await Task.Delay(300);

        await process.StopAsync(TimeSpan.FromMilliseconds(500));

        Assert.True(process.HasExited);
        Assert.False(ProcessInfo.IsAlive(process.Pid));
    }

    [Fact]
    public async Task Children_run_in_their_own_session_with_the_started_pid()
    {
        using var process = ManagedProcess.Start(new ProcessSpec { Name = "p", FileName = "sleep", Args = ["30"] });
        await Task.Delay(200);

        var stat = (await File.ReadAllTextAsync($"/proc/{process.Pid}/stat")).Split(' ');
        Assert.Equal("(sleep)", stat[1]);
        Assert.Equal(process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), stat[5]);   // session id = own pid
        process.Kill();
    }

    [Fact]
    public async Task Tracker_kills_stragglers_a_dead_owner_left_behind()
    {
        var dir = Path.Combine(_state.Dir, "tracked");
        ManagedProcess straggler;
        var first = new ProcessTracker(dir, deleteStateDirOnOrphan: false);
        straggler = ManagedProcess.Start(new ProcessSpec { Name = "sleep", FileName = "sleep", Args = ["60"] }, first);
        Assert.Contains(first.Tracked, t => t.Pid == straggler.Pid);
        await Task.Delay(100);
        // Simulate a crashed owner: release the lock and keep the pid file (no Dispose, no kill).
        var pids = await File.ReadAllTextAsync(Path.Combine(dir, "pids"));
        first.Dispose();
        // Dispose kills what it tracks; the kill is asynchronous, so give the process a moment to be reaped.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!straggler.HasExited && ProcessInfo.IsAlive(straggler.Pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(straggler.HasExited || !ProcessInfo.IsAlive(straggler.Pid));

        var again = ManagedProcess.Start(new ProcessSpec { Name = "sleep", FileName = "sleep", Args = ["60"] });
        var start = ProcessInfo.StartTime(again.Pid);
        await File.WriteAllTextAsync(Path.Combine(dir, "pids"), $"{again.Pid} {start} group sleep\n");

        Assert.Equal(1, ProcessTracker.KillStragglers(dir));
        await again.Exited.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains("sleep", pids, StringComparison.Ordinal);
        straggler.Dispose();
        again.Dispose();
    }

    [Fact]
    public async Task Disposing_the_tracker_leaves_nothing_of_its_watchdog_running()
    {
        var dir = Path.Combine(_state.Dir, "watched");
        var tracker = new ProcessTracker(dir, deleteStateDirOnOrphan: false);
        var pidFile = Path.Combine(dir, "pids");
        var watchdog = await PollAsync(() => ProcessInfo.OtherPids()
            .FirstOrDefault(p => ProcessInfo.CommandLine(p) is var line && line.Contains("suite-watchdog", StringComparison.Ordinal) && line.Contains(pidFile, StringComparison.Ordinal)));
        // Dispose just after the watchdog started a new `sleep 1`, so a leftover would live on for most of a second.
        var first = await PollAsync(() => ChildOf(watchdog));
        var sleeping = await PollAsync(() => ChildOf(watchdog) is var c && c != first ? c : 0);

        tracker.Dispose();

        Assert.False(ProcessInfo.IsAlive(watchdog));
        Assert.True(await ProcessInfo.WaitForExitAsync(sleeping, TimeSpan.FromMilliseconds(300)), $"the watchdog's sleep ({sleeping}) outlived it");
    }

    private static int ChildOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).FirstOrDefault();
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<int> PollAsync(Func<int> find)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int found;
        while ((found = find()) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.NotEqual(0, found);
        return found;
    }

    [Fact]
    public void A_state_folder_has_one_owner_at_a_time()
    {
        var dir = Path.Combine(_state.Dir, "locked");
        using var owner = new ProcessTracker(dir, deleteStateDirOnOrphan: false);

        Assert.Throws<InvalidOperationException>(() => new ProcessTracker(dir, deleteStateDirOnOrphan: false));
    }

    private sealed class ListEcho : IOutputEcho
    {
        public List<(string Source, string Line, bool IsError)> Lines { get; } = [];

        public void Line(string source, string line, bool isError)
        {
            lock (Lines)
            {
                Lines.Add((source, line, isError));
            }
        }
    }
}
