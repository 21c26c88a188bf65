using Suite.Hosting.Processes;

namespace Suite.Hosting;

public sealed class DistributedApplicationOptions
{
    /// <summary>Where every resource keeps its data and logs (&lt;state&gt;/&lt;resource&gt;, &lt;state&gt;/logs).</summary>
    public required string StateDir { get; init; }

    /// <summary>Repository root (projects' paths are relative to it).</summary>
    public string RepoRoot { get; init; } = RepoRootLocator.Find();

    /// <summary>Build configuration of the projects to run (bin/&lt;Configuration&gt;).</summary>
    public string Configuration { get; init; } = "Release";

    public string TargetFramework { get; init; } = "net10.0";

    /// <summary>Test runs: no fsync for PostgreSQL, quick kills; the state folder is deleted if the host dies.</summary>
    public bool Throwaway { get; init; }

    /// <summary>Passed to every project as Auth__SigningKey.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Where projects' output is echoed (the AppHost's coloured console); null: log files only.</summary>
    public IOutputEcho? Echo { get; init; }

    /// <summary>Host messages (state changes, crashes); null: silent.</summary>
    public Action<string>? Log { get; init; }

    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Grace period between SIGTERM and SIGKILL for projects.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Finds the repository root: the first folder upwards from the app's base directory holding Suite.sln.</summary>
public static class RepoRootLocator
{
    public const string Marker = "Suite.sln";

    public static string Find(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
            dir = dir.Parent;
        }
        throw new InvalidOperationException($"No {Marker} found above {start ?? AppContext.BaseDirectory}: cannot locate the repository root.");
    }
}
