using System.Text.Json;
using System.Text.Json.Serialization;
using Suite.Hosting.Processes;

namespace Suite.Hosting;

/// <summary>
/// The running application model: starts resources in dependency order (independent ones concurrently, each awaited
/// until healthy), stops them in reverse order, and leaves no process behind (tracked pids, watchdog).
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly Dictionary<string, Resource> _byName;
    private readonly object _gate = new();
    private CancellationTokenSource? _startCts;
    private Task? _startTask;
    private bool _prepared;
    private bool _stopped;

    internal DistributedApplication(DistributedApplicationOptions options, IReadOnlyList<Resource> resources)
    {
        Options = options;
        Resources = resources;
        _byName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            resource.StateChanged += OnStateChanged;
        }
    }

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    public DistributedApplicationOptions Options { get; }
    public IReadOnlyList<Resource> Resources { get; }

    /// <summary>Raised on every state change of any resource (from background threads).</summary>
    public event Action<Resource>? ResourceStateChanged;

    internal ProcessTracker? Tracker { get; private set; }

    public Resource GetResource(string name) =>
        _byName.TryGetValue(name, out var r) ? r : throw new KeyNotFoundException($"No resource named '{name}'");

    public T GetResource<T>(string name) where T : Resource =>
        GetResource(name) as T ?? throw new InvalidOperationException($"Resource '{name}' is not a {typeof(T).Name}");

    /// <summary>gRPC (h2c) endpoint of a project, e.g. http://127.0.0.1:24012.</summary>
    public Uri GrpcEndpoint(string name) => GetResource<ProjectResource>(name).GrpcEndpoint;

    /// <summary>HTTP/1.1 endpoint of a project (JSON transcoding, /health, /metrics).</summary>
    public Uri HttpEndpoint(string name) => GetResource<ProjectResource>(name).HttpEndpoint;

    /// <summary>Connection string of a resource that has one (database, postgres, rabbitmq, maildev).</summary>
    public string ConnectionString(string name) => GetResource(name) is IResourceWithConnectionString r
        ? r.GetConnectionString()
        : throw new InvalidOperationException($"Resource '{name}' has no connection string");

    /// <summary>
    /// Groups resources by depth over all edges (parent, WaitFor, WithReference): level 0 has no dependencies.
    /// Stop runs the levels backwards. Throws on a cycle.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Resource>> Levels(IReadOnlyList<Resource> resources)
    {
        var level = new Dictionary<Resource, int>();
        var visiting = new HashSet<Resource>();

        int Depth(Resource r)
        {
            if (level.TryGetValue(r, out var known))
            {
                return known;
            }
            if (!visiting.Add(r))
            {
                throw new InvalidOperationException($"Dependency cycle through resource '{r.Name}'");
            }
            var depth = r.AllDependencies.Select(d => Depth(d) + 1).DefaultIfEmpty(0).Max();
            visiting.Remove(r);
            level[r] = depth;
            return depth;
        }

        foreach (var r in resources)
        {
            Depth(r);
        }
        return resources.GroupBy(r => level[r]).OrderBy(g => g.Key).Select(g => (IReadOnlyList<Resource>)g.ToList()).ToList();
    }

    /// <summary>Start order as one list (levels flattened, declaration order within a level).</summary>
    public static IReadOnlyList<Resource> StartOrder(IReadOnlyList<Resource> resources) => Levels(resources).SelectMany(l => l).ToList();

    /// <summary>Allocates ports and creates the resources' objects without starting anything.</summary>
    public void Prepare()
    {
        lock (_gate)
        {
            if (_prepared)
            {
                return;
            }
            foreach (var resource in StartOrder(Resources))
            {
                resource.Prepare(this);
            }
            _prepared = true;
        }
    }

    /// <summary>
    /// Starts everything; returns once every resource is running (healthy). Throws
    /// <see cref="DistributedApplicationException"/> naming each resource that failed (others keep running:
    /// call <see cref="StopAsync"/> or dispose).
    /// </summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_startTask is not null)
            {
                throw new InvalidOperationException("Already started");
            }
            ObjectDisposedException.ThrowIf(_stopped, this);
            Directory.CreateDirectory(Options.StateDir);
            Tracker = new ProcessTracker(Options.StateDir, deleteStateDirOnOrphan: Options.Throwaway);
            _startCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _startTask = StartCoreAsync(_startCts.Token);
            return _startTask;
        }
    }

    /// <summary>Stops every resource in reverse dependency order (idempotent). Kills whatever is left.</summary>
    public async Task StopAsync()
    {
        Task? start;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            start = _startTask;
        }
        if (start is not null)
        {
            await (_startCts?.CancelAsync() ?? Task.CompletedTask).ConfigureAwait(false);
            try
            {
                await start.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // reported to StartAsync's caller; stopping goes on regardless
            }
        }
        try
        {
            foreach (var level in Levels(Resources).Reverse())
            {
                await Task.WhenAll(level.Select(StopOneAsync)).ConfigureAwait(false);
            }
        }
        finally
        {
            Tracker?.Dispose();   // SIGKILL to anything still alive, ends the watchdog
            _startCts?.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Machine-readable view of every resource (also written to &lt;state&gt;/resources.json by the AppHost).</summary>
    public IReadOnlyList<ResourceSnapshot> Snapshot() => Resources.Select(r => new ResourceSnapshot(
        r.Name,
        r.Type,
        r.State,
        r.StateDetail,
        r.Urls,
        r.LogPath,
        r is IResourceWithConnectionString c && r.State == ResourceState.Running ? c.GetConnectionString() : null,
        r is ProjectResource p ? p.ProcessId : null)).ToList();

    public void WriteResourcesJson(string path)
    {
        var json = JsonSerializer.Serialize(new { updated = DateTimeOffset.Now, resources = Snapshot() }, JsonOptions);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, json);
        File.Move(tmp, path, overwrite: true);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private async Task StartCoreAsync(CancellationToken ct)
    {
        Prepare();
        var tasks = new Dictionary<Resource, Task>();
        foreach (var resource in StartOrder(Resources))
        {
            var dependencies = resource.StartDependencies.Select(d => (d, tasks[d])).ToList();
            tasks[resource] = StartOneAsync(resource, dependencies, ct);
        }
        try
        {
            await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        }
        catch (Exception)
        {
            if (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException("Start-up was cancelled", ct);
            }
            var failures = tasks
                .Where(t => t.Value.IsFaulted && t.Value.Exception?.InnerException is not DependencyFailedException)
                .Select(t => (t.Key, t.Value.Exception!.InnerException!))
                .ToList();
            throw new DistributedApplicationException(failures);
        }
    }

    private async Task StartOneAsync(Resource resource, IReadOnlyList<(Resource Resource, Task Started)> dependencies, CancellationToken ct)
    {
        if (dependencies.Count > 0)
        {
            resource.SetState(ResourceState.Waiting, "for " + string.Join(", ", dependencies.Select(d => d.Resource.Name)));
            try
            {
                await Task.WhenAll(dependencies.Select(d => d.Started)).ConfigureAwait(false);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                var failed = dependencies.Where(d => d.Started.IsFaulted).Select(d => d.Resource.Name);
                resource.SetState(ResourceState.FailedToStart, "dependency failed: " + string.Join(", ", failed));
                throw new DependencyFailedException();
            }
        }
        ct.ThrowIfCancellationRequested();
        resource.SetState(ResourceState.Starting);
        try
        {
            await resource.StartAsync(this, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            resource.SetState(ResourceState.FailedToStart, FirstLine(ex.Message));
            throw;
        }
    }

    private async Task StopOneAsync(Resource resource)
    {
        if (resource.State is ResourceState.NotStarted or ResourceState.Stopped)
        {
            return;
        }
        resource.SetState(ResourceState.Stopping);
        try
        {
            await resource.StopAsync(this).ConfigureAwait(false);
            resource.SetState(ResourceState.Stopped);
        }
        catch (Exception ex)
        {
            resource.SetState(ResourceState.Stopped, "stop failed: " + FirstLine(ex.Message));
            Options.Log?.Invoke($"{resource.Name}: stop failed: {ex.Message}");
        }
    }

    private void OnStateChanged(Resource resource) => ResourceStateChanged?.Invoke(resource);

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }

    private sealed class DependencyFailedException : Exception;
}

public sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    string? Detail,
    IReadOnlyList<ResourceUrl> Urls,
    string? LogPath,
    string? ConnectionString,
    int? ProcessId);

/// <summary>Start-up failed for the listed resources (dependants of a failed resource are not listed).</summary>
public sealed class DistributedApplicationException : Exception
{
    public DistributedApplicationException(IReadOnlyList<(Resource Resource, Exception Error)> failures)
        : base("Failed to start: " + string.Join(Environment.NewLine,
            failures.Select(f => $"{f.Resource.Name}: {f.Error.Message}{(f.Resource.LogPath is { } log ? $" (log: {log})" : "")}")))
    {
        Failures = failures;
    }

    public DistributedApplicationException()
    {
        Failures = [];
    }

    public DistributedApplicationException(string message) : base(message)
    {
        Failures = [];
    }

    public DistributedApplicationException(string message, Exception inner) : base(message, inner)
    {
        Failures = [];
    }

    public IReadOnlyList<(Resource Resource, Exception Error)> Failures { get; }
}
