using System.Reflection;
using System.Runtime.InteropServices;
using Suite.AppHost;
using Suite.Hosting;
using Suite.Hosting.Processes;

AppHostArguments arguments;
try
{
    arguments = AppHostArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(AppHostArguments.Usage);
    return 2;
}
if (arguments.Help)
{
    Console.WriteLine(AppHostArguments.Usage);
    return 0;
}

var repoRoot = RepoRootLocator.Find();
var stateDir = Path.GetFullPath(arguments.StateDir ?? Path.Combine(repoRoot, ".suite"));
// Default: run the services built like this AppHost (./suite run builds everything in Release).
var configuration = arguments.Configuration
    ?? typeof(AppHostArguments).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
    ?? "Release";
var echo = new ColoredConsoleEcho();
void Say(string message, ConsoleColor? color = null) => echo.Write("apphost", message, color);

if (arguments.Reset && Directory.Exists(stateDir))
{
    try
    {
        StateFolder.Reset(stateDir);
    }
    catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
    {
        Say($"cannot reset {stateDir}: {ex.Message}", ConsoleColor.Red);
        return 1;
    }
    Say($"state folder {stateDir} wiped");
}

using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: orderly stop. Second: exit at once (the watchdog kills what is left).
    e.Cancel = !shutdown.IsCancellationRequested;
    shutdown.Cancel();
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    shutdown.Cancel();
});
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
{
    ctx.Cancel = true;
    shutdown.Cancel();
});

var suite = SuiteTopology.Build(new SuiteHostOptions
{
    StateDir = stateDir,
    RepoRoot = repoRoot,
    Configuration = configuration,
    Demo = arguments.Demo,
    InfraOnly = arguments.InfraOnly,
    Echo = echo,
    Log = message => Say(message),
});
var resourcesJson = Path.Combine(stateDir, "resources.json");
var started = false;
var crashes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
suite.App.ResourceStateChanged += resource =>
{
    switch (resource.State)
    {
        case ResourceState.Crashed or ResourceState.FailedToStart or ResourceState.Restarting:
            if (resource.State != ResourceState.FailedToStart)
            {
                crashes.AddOrUpdate(resource.Name, 1, (_, n) => n + 1);
            }
            Say($"{resource.Name}: {resource.State} - {resource.StateDetail} (log: {resource.LogPath})", ConsoleColor.Red);
            break;
        case ResourceState.Finished:
            Say($"{resource.Name}: finished ({resource.StateDetail})");
            break;
        case ResourceState.Running when started:
            Say($"{resource.Name}: running again ({resource.StateDetail})", ConsoleColor.Green);
            break;
    }
    if (started)
    {
        TryWriteResources();
    }
};

var exitCode = 0;
Say($"starting the suite ({(arguments.InfraOnly ? "infrastructure only" : configuration + " build")}, state {stateDir})");
try
{
    await suite.StartAsync(shutdown.Token);
}
catch (DistributedApplicationException ex)
{
    Say(ex.Message, ConsoleColor.Red);
    // Without infrastructure nothing works: stop. Failed services are reported and the rest keeps running.
    if (ex.Failures.Any(f => f.Resource is not ProjectResource))
    {
        exitCode = 1;
        shutdown.Cancel();
    }
}
catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
{
}
catch (InvalidOperationException ex)
{
    // Nothing started (e.g. the state folder belongs to another running AppHost): leave the folder alone.
    Say(ex.Message, ConsoleColor.Red);
    return 1;
}

if (!shutdown.IsCancellationRequested)
{
    started = true;
    TryWriteResources();
    Console.WriteLine();
    Console.WriteLine(ResourceTable.Render(suite, stateDir, resourcesJson));
    try
    {
        await Task.Delay(Timeout.Infinite, shutdown.Token);
    }
    catch (OperationCanceledException)
    {
    }
}

Say("stopping (reverse order)...");
started = false;
await suite.StopAsync();
TryWriteResources();
Say(crashes.IsEmpty
    ? "stopped"
    : $"stopped; crashed during the run: {string.Join(", ", crashes.OrderBy(c => c.Key).Select(c => $"{c.Key} ({c.Value}x)"))}");
return exitCode;

void TryWriteResources()
{
    try
    {
        suite.App.WriteResourcesJson(resourcesJson);
    }
    catch (IOException)
    {
    }
}
