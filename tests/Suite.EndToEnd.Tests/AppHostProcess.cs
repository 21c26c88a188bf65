using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Suite.EndToEnd.Tests;

/// <summary>The AppHost run as the run command runs it: a child process with a state folder, stopped with SIGINT.</summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppHostProcess(Process process, string stateDir)
    {
        _process = process;
        StateDir = stateDir;
    }

    public string StateDir { get; }
    public int Pid => _process.Id;
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    private const string Perl = "/usr/bin/perl";

    public static AppHostProcess Start(string stateDir)
    {
        var configuration = typeof(AppHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(RepoRoot(), "AppHost", "Suite.AppHost", "bin", configuration, "net10.0", "Suite.AppHost.dll");
        // A shell without job control starts background jobs with SIGINT ignored, and the ignore is inherited down to
        // us: the AppHost would never see Ctrl+C. perl (essential on Debian) restores the default, then execs (same pid).
        var resetSigint = File.Exists(Perl);
        var psi = new ProcessStartInfo(resetSigint ? Perl : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (resetSigint)
        {
            foreach (var arg in new[] { "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "dotnet" })
            {
                psi.ArgumentList.Add(arg);
            }
        }
        foreach (var arg in new[] { dll, "--state", stateDir, "--configuration", configuration })
        {
            psi.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = psi };
        var host = new AppHostProcess(process, stateDir);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Waits until resources.json lists every resource as Running; returns the parsed resources.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitUntilRunningAsync(TimeSpan timeout)
    {
        var path = Path.Combine(StateDir, "resources.json");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"AppHost exited with {_process.ExitCode}:\n{Output}");
            }
            if (File.Exists(path))
            {
                try
                {
                    using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path));
                    var resources = doc.RootElement.GetProperty("resources").EnumerateArray().Select(r => r.Clone()).ToList();
                    if (resources.Count > 0 && resources.All(r => r.GetProperty("state").GetString() == "Running"))
                    {
                        return resources;
                    }
                }
                catch (JsonException)
                {
                    // being rewritten
                }
                catch (IOException)
                {
                }
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"AppHost not running within {timeout}:\n{Output}");
    }

    /// <summary>The URL named <paramref name="urlName"/> of a resource in resources.json.</summary>
    public static Uri Url(IReadOnlyList<JsonElement> resources, string resource, string urlName)
    {
        var r = resources.Single(x => x.GetProperty("name").GetString() == resource);
        var url = r.GetProperty("urls").EnumerateArray().First(u => u.GetProperty("name").GetString() == urlName);
        return new Uri(url.GetProperty("url").GetString()!);
    }

    /// <summary>Every process started under this AppHost: its descendants and anything running from its state folder.</summary>
    public IReadOnlySet<int> SuiteProcesses()
    {
        var result = new HashSet<int>();
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(afterName[1]);
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(StateDir, StringComparison.Ordinal))
                {
                    result.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // process ended while we looked
            }
        }
        var frontier = new Queue<int>([Pid]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                if (result.Add(child))
                {
                    frontier.Enqueue(child);
                }
            }
        }
        return result;
    }

    /// <summary>Ctrl+C: SIGINT to the AppHost, then wait for it to exit.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", Pid.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the AppHost did not exit within {timeout.TotalSeconds:F0} s of SIGINT; its output:\n{Output}");
        }
        return _process.ExitCode;
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Suite.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Suite.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await InterruptAsync(TimeSpan.FromSeconds(60));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
