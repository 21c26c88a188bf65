using Xunit;

namespace Suite.Hosting.Tests.Unit;

/// <summary>Start/stop behaviour with fake projects (no infrastructure): missing builds, crashes and restarts.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    private DistributedApplicationOptions Options(string repoRoot) => new()
    {
        StateDir = Path.Combine(_state.Dir, "state"),
        RepoRoot = repoRoot,
        Configuration = "Debug",
        Throwaway = true,
    };

    [Fact]
    public async Task A_missing_build_fails_the_start_and_its_dependants_are_not_started()
    {
        var builder = DistributedApplication.CreateBuilder(Options(_state.Dir));
        var missing = builder.AddProject("metrics", "services/metrics/Suite.Metrics");
        var dependant = builder.AddProject("alerting", "services/alerting/Suite.Alerting").WithReference(missing).WaitFor(missing);
        await using var app = builder.Build();

        var ex = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());

        Assert.Equal(["metrics"], ex.Failures.Select(f => f.Resource.Name));
        Assert.Contains("Suite.Metrics.dll not found", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.FailedToStart, missing.Resource.State);
        Assert.Equal(ResourceState.FailedToStart, dependant.Resource.State);
        Assert.Equal("dependency failed: metrics", dependant.Resource.StateDetail);
    }

    [Fact]
    public async Task A_crashing_project_is_restarted_with_backoff_then_reported_crashed()
    {
        // "dotnet <not an assembly>" exits non-zero at once: a service that crashes on start-up.
        var dll = Path.Combine(_state.Dir, "tools", "bin", "Debug", "net10.0", "Crasher.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        await File.WriteAllTextAsync(dll, "not an assembly");
        var builder = DistributedApplication.CreateBuilder(Options(_state.Dir));
        var crasher = builder.AddProject("crasher", "tools/Crasher").WithoutEndpoints();
        await using var app = builder.Build();
        var states = new List<ResourceState>();
        app.ResourceStateChanged += r =>
        {
            lock (states)
            {
                states.Add(r.State);
            }
        };

        await app.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (crasher.Resource.State != ResourceState.Crashed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(ResourceState.Crashed, crasher.Resource.State);
        Assert.Equal(ProjectResource.MaxRestarts, crasher.Resource.RestartCount);
        Assert.StartsWith("crashed with exit code", crasher.Resource.StateDetail, StringComparison.Ordinal);
        lock (states)
        {
            Assert.Equal(ProjectResource.MaxRestarts, states.Count(s => s == ResourceState.Restarting));
        }
        var log = await File.ReadAllTextAsync(crasher.Resource.LogPath!);
        Assert.Equal(1 + ProjectResource.MaxRestarts, log.Split("===== ").Count(l => l.Contains("starting dotnet", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stop_is_idempotent_and_leaves_no_process()
    {
        var dll = Path.Combine(_state.Dir, "tools", "bin", "Debug", "net10.0", "Sleeper.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        await File.WriteAllTextAsync(dll, "x");
        var builder = DistributedApplication.CreateBuilder(Options(_state.Dir));
        builder.AddProject("sleeper", "tools/Sleeper").WithoutEndpoints();
        var app = builder.Build();
        await app.StartAsync();

        await app.StopAsync();
        await app.StopAsync();
        await app.DisposeAsync();

        var project = app.GetResource<ProjectResource>("sleeper");
        Assert.Equal(ResourceState.Stopped, project.State);
        Assert.Null(project.ProcessId);
        Assert.False(File.Exists(Path.Combine(app.Options.StateDir, "pids")));
    }
}
