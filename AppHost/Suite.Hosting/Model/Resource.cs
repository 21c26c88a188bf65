namespace Suite.Hosting;

public interface IResource
{
    string Name { get; }
}

/// <summary>A resource other resources reach through ConnectionStrings:&lt;name&gt; (Aspire's convention).</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The key under ConnectionStrings when referenced without an explicit name.</summary>
    string ConnectionStringName { get; }

    string GetConnectionString();
}

public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Restarting,
    Stopping,
    Stopped,

    /// <summary>Exited by itself with code 0 (e.g. a simulator that finished).</summary>
    Finished,

    /// <summary>Kept exiting; gave up restarting it.</summary>
    Crashed,
    FailedToStart,
}

public sealed record ResourceUrl(string Name, string Url);

/// <summary>Base of every resource of the application model: a name, a state, dependencies, URLs and a log file.</summary>
public abstract class Resource : IResource
{
    private readonly object _gate = new();

    protected Resource(string name)
    {
        ValidateName(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>Short kind: postgres, database, rabbitmq, maildev, prometheus, project.</summary>
    public abstract string Type { get; }

    public ResourceState State { get; private set; } = ResourceState.NotStarted;

    /// <summary>Why the state is what it is (error, exit code, restarts).</summary>
    public string? StateDetail { get; private set; }

    public virtual string? LogPath => null;

    public virtual IReadOnlyList<ResourceUrl> Urls => [];

    /// <summary>The resource this one lives in (a database's server); it starts first.</summary>
    public Resource? Parent { get; protected init; }

    /// <summary>Resources that must be running (healthy) before this one starts.</summary>
    public IReadOnlyList<Resource> WaitsFor => WaitForList;

    /// <summary>Resources whose addresses this one is given (WithReference); they stop after this one.</summary>
    public IReadOnlyList<Resource> References => ReferenceList;

    internal List<Resource> WaitForList { get; } = [];
    internal List<Resource> ReferenceList { get; } = [];

    /// <summary>Parent and WaitFor: what start-up awaits.</summary>
    public IEnumerable<Resource> StartDependencies =>
        (Parent is null ? WaitForList : WaitForList.Prepend(Parent)).Distinct();

    /// <summary>Every edge (parent, WaitFor, WithReference): what orders levels and the reverse stop.</summary>
    public IEnumerable<Resource> AllDependencies => StartDependencies.Concat(ReferenceList).Distinct();

    public event Action<Resource>? StateChanged;

    protected internal void SetState(ResourceState state, string? detail = null)
    {
        lock (_gate)
        {
            if (State == state && StateDetail == detail)
            {
                return;
            }
            State = state;
            StateDetail = detail;
        }
        StateChanged?.Invoke(this);
    }

    /// <summary>Creates the underlying objects and allocates ports; nothing is started.</summary>
    internal virtual void Prepare(DistributedApplication app)
    {
    }

    /// <summary>Starts and returns once healthy (sets Running).</summary>
    internal abstract Task StartAsync(DistributedApplication app, CancellationToken ct);

    internal abstract Task StopAsync(DistributedApplication app);

    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !char.IsAsciiLetterLower(name[0])
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Invalid resource name '{name}': use [a-z][a-z0-9_-]*.", nameof(name));
        }
    }

    public override string ToString() => $"{Name} ({Type}, {State})";
}

/// <summary>Fluent handle on a resource being added (Aspire's IResourceBuilder).</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    T Resource { get; }
    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder builder) : IResourceBuilder<T> where T : IResource
{
    public T Resource { get; } = resource;
    public DistributedApplicationBuilder ApplicationBuilder { get; } = builder;
}
