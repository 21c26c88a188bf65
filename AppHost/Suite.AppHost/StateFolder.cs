using Suite.Hosting.Processes;

namespace Suite.AppHost;

internal static class StateFolder
{
    /// <summary>--reset: kill what a dead earlier run left, then delete the folder (refused while another AppHost uses it).</summary>
    public static void Reset(string stateDir)
    {
        using (new ProcessTracker(stateDir, deleteStateDirOnOrphan: false))
        {
            // taking the lock proves no other AppHost uses the folder; the constructor killed stragglers
        }
        Directory.Delete(stateDir, recursive: true);
    }
}
