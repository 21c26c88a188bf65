using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Suite.Hosting.Processes;

/// <summary>What to run and where its output goes.</summary>
public sealed class ProcessSpec
{
    public required string Name { get; init; }
    public required string FileName { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Added to (value) or removed from (null) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? WorkingDirectory { get; init; }

    /// <summary>stdout and stderr are appended here.</summary>
    public string? LogPath { get; init; }

    /// <summary>Also echo every line here (AppHost console); null: log file only.</summary>
    public IOutputEcho? Echo { get; init; }
}

/// <summary>
/// A long-running child process in its own session (started through <c>setsid</c>, so Ctrl+C in the terminal reaches
/// only the host, which then stops children in order). Output goes to a log file and optionally to the console.
/// </summary>
public sealed class ManagedProcess : IDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private readonly StreamWriter? _log;
    private readonly IOutputEcho? _echo;
    private readonly ProcessTracker? _tracker;
    private readonly object _gate = new();

    private ManagedProcess(ProcessSpec spec, ProcessTracker? tracker)
    {
        Name = spec.Name;
        _echo = spec.Echo;
        _tracker = tracker;
        if (spec.LogPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(spec.LogPath)!);
            var stream = new FileStream(spec.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            _log = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"===== {DateTime.Now:yyyy-MM-dd HH:mm:ss} starting {spec.FileName} {string.Join(' ', spec.Args)}"));
        }

        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add(spec.FileName);
        foreach (var arg in spec.Args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in spec.Environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        _process.Exited += (_, _) => OnExited();
    }

    public string Name { get; }
    public int Pid { get; private set; }

    /// <summary>Completes with the exit code when the process has exited.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static ManagedProcess Start(ProcessSpec spec, ProcessTracker? tracker = null)
    {
        var managed = new ManagedProcess(spec, tracker);
        managed._process.Start();
        managed.Pid = managed._process.Id;
        managed._process.StandardInput.Close();
        managed._process.BeginOutputReadLine();
        managed._process.BeginErrorReadLine();
        tracker?.Track(managed.Pid, spec.Name);
        return managed;
    }

    /// <summary>The last lines of output (for error messages).</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return string.Join(System.Environment.NewLine, _tail);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (SIGTERM), waits up to <paramref name="grace"/>, then kills the tree.</summary>
    public async Task StopAsync(TimeSpan grace, int signal = Native.SIGTERM)
    {
        if (!HasExited && grace > TimeSpan.Zero)
        {
            Native.Signal(Pid, signal);
            await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false);
        }
        if (!HasExited)
        {
            Kill();
        }
        await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
    }

    /// <summary>SIGKILL to the process, its process group (it leads one: setsid) and all its descendants.</summary>
    public void Kill()
    {
        if (!HasExited && ProcessInfo.ProcessGroup(Pid) == Pid)
        {
            Native.SignalGroup(Pid, Native.SIGKILL);
        }
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // raced with exit
        }
    }

    public void Dispose()
    {
        if (!HasExited)
        {
            Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        lock (_gate)
        {
            _log?.Dispose();
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
        _echo?.Line(Name, line, isError);
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }
        _tracker?.Untrack(Pid);
        lock (_gate)
        {
            try
            {
                _log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"===== {DateTime.Now:yyyy-MM-dd HH:mm:ss} exited with code {code}"));
            }
            catch (ObjectDisposedException)
            {
            }
        }
        _exited.TrySetResult(code);
    }
}

/// <summary>Receives every output line of a process (the AppHost echoes them with a coloured prefix).</summary>
public interface IOutputEcho
{
    void Line(string source, string line, bool isError);
}
