using System.Diagnostics;
using System.Text;

namespace Suite.Hosting.Processes;

public sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs short commands (initdb, pg_ctl, rabbitmqctl, chown) and captures their output.</summary>
public static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken ct = default,
        ProcessTracker? tracker = null)
    {
        // setsid: the command and whatever it spawns (pg_ctl's postmaster) are not hit by the terminal's Ctrl+C.
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(fileName);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
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

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        var pid = process.Id;
        tracker?.Track(pid, Path.GetFileName(fileName));
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            // Wait for the exit only, not for EOF: a daemon it started may keep the pipes open.
            await exited.Task.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            tracker?.Untrack(pid);
            if (ct.IsCancellationRequested)
            {
                throw;
            }
            return new CommandResult(-1, Snapshot(output) + $"{Environment.NewLine}(timed out after {timeout ?? TimeSpan.FromMinutes(2)})");
        }
        tracker?.Untrack(pid);
        await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);   // let the last output lines arrive
        return new CommandResult(process.ExitCode, Snapshot(output));
    }

    /// <summary>Runs and throws with the command's output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(
        string fileName,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        var list = args.ToList();
        var result = await RunAsync(fileName, list, environment, timeout, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', list)}' failed with exit code {result.ExitCode}:{Environment.NewLine}{result.Output.Trim()}");
        }
        return result.Output;
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (sb)
        {
            sb.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder sb)
    {
        lock (sb)
        {
            return sb.ToString();
        }
    }
}
