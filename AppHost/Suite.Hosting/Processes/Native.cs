using System.Runtime.InteropServices;

namespace Suite.Hosting.Processes;

/// <summary>The few POSIX calls .NET does not wrap: signals to any pid, the effective user.</summary>
internal static class Native
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGQUIT = 3;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint SysGetEuid();

    public static bool IsRoot => OperatingSystem.IsLinux() && SysGetEuid() == 0;

    /// <summary>Sends a signal; false when the process is gone (or not ours).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && SysKill(pid, signal) == 0;

    /// <summary>Signals every process of a process group.</summary>
    public static bool SignalGroup(int processGroup, int signal) => processGroup > 0 && SysKill(-processGroup, signal) == 0;
}
