using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Suite.Hosting.Processes;

namespace Suite.Hosting.Infrastructure;

public sealed class RabbitMqNodeOptions
{
    /// <summary>Folder of this node: home (cookie), mnesia, log, config files, pid file.</summary>
    public required string Directory { get; init; }

    /// <summary>Erlang node name; the node's data (mnesia) is kept per name, so keep it stable for kept state.</summary>
    public string NodeName { get; init; } = "suite@localhost";

    public int? AmqpPort { get; init; }
    public int? ManagementPort { get; init; }
    public int? PrometheusPort { get; init; }
    public int? DistPort { get; init; }
    public int? EpmdPort { get; init; }

    public string BinDir { get; init; } = "/usr/lib/rabbitmq/bin";
    public ProcessTracker? Tracker { get; init; }
}

/// <summary>
/// A private RabbitMQ node from the installed binaries: its own epmd, node name and ports on 127.0.0.1 (AMQP,
/// distribution, management and prometheus plugins), data and logs under its folder, user guest defined at boot from a
/// definitions file. Can be stopped and started again on the same ports and data (outage tests).
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    public const string User = "guest";
    public const string Password = "guest";

    private readonly RabbitMqNodeOptions _options;
    private ManagedProcess? _epmd;
    private ManagedProcess? _server;
    private int? _beamPid;
    private bool _startedOnce;

    public RabbitMqNode(RabbitMqNodeOptions options)
    {
        _options = options;
        Directory = Path.GetFullPath(options.Directory);
        NodeName = options.NodeName;
        AllocatePorts(preferred: true);
    }

    public string Directory { get; }
    public string NodeName { get; }
    public int AmqpPort { get; private set; }
    public int ManagementPort { get; private set; }
    public int PrometheusPort { get; private set; }
    public int DistPort { get; private set; }
    public int EpmdPort { get; private set; }

    /// <summary>The node's own log file.</summary>
    public string LogPath => Path.Combine(Directory, "log", NodeName + ".log");

    /// <summary>stdout/stderr of the start script (boot errors land here).</summary>
    public string ConsoleLogPath => Path.Combine(Directory, "log", "console.log");

    public string PidFile => Path.Combine(Directory, "rabbitmq.pid");

    public bool IsRunning => _server is { HasExited: false };

    /// <summary>amqp URI of the default vhost "/".</summary>
    public string ConnectionString => $"amqp://{User}:{Password}@127.0.0.1:{AmqpPort}/";

    public Uri ManagementUrl => new($"http://127.0.0.1:{ManagementPort}/");
    public Uri PrometheusMetricsUrl => new($"http://127.0.0.1:{PrometheusPort}/metrics");

    /// <summary>Raised when the node exits without being asked to.</summary>
    public event Action<int>? Crashed;

    public string VirtualHostUri(string vhost) =>
        $"amqp://{User}:{Password}@127.0.0.1:{AmqpPort}/{Uri.EscapeDataString(vhost)}";

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (IsRunning)
        {
            return;
        }
        // The first start may meet a port someone grabbed meanwhile: then retry once on fresh ports.
        // Later starts (after StopAsync) keep the ports: clients reconnect to the same address.
        var attempts = _startedOnce ? 1 : 2;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync(ct).ConfigureAwait(false);
                _startedOnce = true;
                return;
            }
            catch (InvalidOperationException) when (attempt < attempts && !ct.IsCancellationRequested)
            {
                await StopAsync(graceful: false, keepEpmd: false).ConfigureAwait(false);
                AllocatePorts(preferred: false);
            }
        }
    }

    /// <summary>Stops the node (graceful: SIGTERM and wait, else SIGKILL at once); epmd keeps running unless told.</summary>
    public async Task StopAsync(bool graceful = true, bool keepEpmd = true)
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync(graceful ? TimeSpan.FromSeconds(30) : TimeSpan.Zero).ConfigureAwait(false);
            server.Dispose();
        }
        if (_beamPid is { } beam)
        {
            // The script may be gone while the node still runs: stop the node itself cleanly (SIGTERM is RabbitMQ's
            // "stop"), so what it acknowledged last (a queue declared a moment ago) is on disk; SIGKILL only if it hangs.
            if (graceful && ProcessInfo.IsAlive(beam))
            {
                Native.Signal(beam, Native.SIGTERM);
                await ProcessInfo.WaitForExitAsync(beam, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            if (ProcessInfo.IsAlive(beam))
            {
                Native.Signal(beam, Native.SIGKILL);
                await ProcessInfo.WaitForExitAsync(beam, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            _options.Tracker?.Untrack(beam);
            _beamPid = null;
        }
        TryDelete(PidFile);
        if (!keepEpmd && _epmd is { } epmd)
        {
            _epmd = null;
            await epmd.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            epmd.Dispose();
        }
    }

    /// <summary>Creates the vhost (idempotent) with full permissions for guest; returns its amqp URI.</summary>
    public async Task<string> CreateVirtualHostAsync(string vhost, CancellationToken ct = default)
    {
        ValidateVirtualHostName(vhost);
        var name = Uri.EscapeDataString(vhost);
        await ManagementPutAsync($"api/vhosts/{name}", new { }, ct).ConfigureAwait(false);
        await ManagementPutAsync($"api/permissions/{name}/{User}", new { configure = ".*", write = ".*", read = ".*" }, ct).ConfigureAwait(false);
        return VirtualHostUri(vhost);
    }

    public static void ValidateVirtualHostName(string vhost)
    {
        if (string.IsNullOrEmpty(vhost) || vhost.Length > 200
            || !vhost.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"Invalid virtual host name '{vhost}': use letters, digits, '-', '_' and '.'.", nameof(vhost));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(graceful: false, keepEpmd: false).ConfigureAwait(false);

    /// <summary>Erlang expression that stops RabbitMQ's epmd monitor (see <see cref="Environment"/>); no spaces.</summary>
    private const string StopEpmdMonitor = "catch(rabbit_sup:stop_child(rabbit_epmd_monitor_sup))";

    /// <summary>Runs <c>rabbitmqctl eval</c> on the running node; returns what it printed.</summary>
    internal async Task<CommandResult> EvalAsync(string expression, CancellationToken ct = default) =>
        await CommandRunner.RunAsync(Path.Combine(_options.BinDir, "rabbitmqctl"), ["eval", expression], Environment(),
            TimeSpan.FromSeconds(60), ct, _options.Tracker).ConfigureAwait(false);

    /// <summary>Environment shared by the server and the CLI tools (same HOME = same cookie, same epmd).</summary>
    internal IReadOnlyDictionary<string, string?> Environment() => new Dictionary<string, string?>
    {
        ["HOME"] = Path.Combine(Directory, "home"),
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Inv(AmqpPort),
        ["RABBITMQ_DIST_PORT"] = Inv(DistPort),
        ["ERL_EPMD_PORT"] = Inv(EpmdPort),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(Directory, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(Directory, "advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Directory, "enabled_plugins"),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Directory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(Directory, "log"),
        ["RABBITMQ_PID_FILE"] = PidFile,
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(Directory, "rabbitmq-env.conf"),
        ["ERL_CRASH_DUMP"] = Path.Combine(Directory, "log", "erl_crash.dump"),
        // No scheduler busy-waiting: on a small shared host spinning Erlang schedulers take CPU from the services
        // and PostgreSQL (RabbitMQ's runtime guide recommends this for shared or container hosts).
        // No epmd monitor: RabbitMQ 3.10 makes sure epmd runs by starting a whole Erlang VM once a minute (~250 ms of
        // CPU in one burst; rabbitmq-server PR 10457 fixed it upstream, not in Debian's 3.10), and our epmd is our own
        // managed process anyway. The -eval runs once "-s rabbit boot" returned, i.e. with the broker up. The script
        // splits these arguments on spaces, hence an expression without any.
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none " +
            "-eval " + StopEpmdMonitor,
        ["RABBITMQ_ALLOW_INPUT"] = null,
        ["RABBITMQ_USE_LONGNAME"] = null,
    };

    private async Task StartOnceAsync(CancellationToken ct)
    {
        WriteFiles();
        await StartEpmdAsync(ct).ConfigureAwait(false);
        TryDelete(PidFile);

        var server = ManagedProcess.Start(new ProcessSpec
        {
            Name = "rabbitmq",
            FileName = Path.Combine(_options.BinDir, "rabbitmq-server"),
            Environment = Environment(),
            WorkingDirectory = Directory,
            LogPath = ConsoleLogPath,
        }, _options.Tracker);
        _server = server;
        var logOffset = LogFiles.Length(LogPath);

        // The start script exits 0 even when the boot fails: readiness comes from "rabbitmqctl wait".
        var wait = CommandRunner.RunAsync(Path.Combine(_options.BinDir, "rabbitmqctl"),
            ["wait", PidFile, "--timeout", "90"], Environment(), TimeSpan.FromSeconds(100), ct, _options.Tracker);
        var first = await Task.WhenAny(wait, server.Exited).ConfigureAwait(false);
        if (first == server.Exited || !(await wait.ConfigureAwait(false)).Succeeded)
        {
            var output = first == wait ? (await wait.ConfigureAwait(false)).Output : "";
            throw new InvalidOperationException(
                $"RabbitMQ node {NodeName} (AMQP port {AmqpPort}) failed to start.{System.Environment.NewLine}{output.Trim()}{System.Environment.NewLine}" +
                $"{server.Tail()}{System.Environment.NewLine}{LogFiles.ReadFrom(LogPath, logOffset).Trim()}");
        }

        if (File.Exists(PidFile) && int.TryParse((await File.ReadAllTextAsync(PidFile, ct).ConfigureAwait(false)).Trim(),
                CultureInfo.InvariantCulture, out var beam))
        {
            _beamPid = beam;
            _options.Tracker?.Track(beam, "beam.smp");
        }

        var auth = HttpProbe.Basic(User, Password);
        if (!await HttpProbe.WaitUntilOkAsync(new Uri(ManagementUrl, "api/overview"), TimeSpan.FromSeconds(60),
                () => !server.HasExited, auth, ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"RabbitMQ management API did not answer on {ManagementUrl}{System.Environment.NewLine}{server.Tail()}");
        }

        _ = server.Exited.ContinueWith(t =>
        {
            if (ReferenceEquals(_server, server))
            {
                Crashed?.Invoke(t.Result);
            }
        }, TaskScheduler.Default);
    }

    private async Task StartEpmdAsync(CancellationToken ct)
    {
        if (_epmd is { HasExited: false })
        {
            return;
        }
        _epmd?.Dispose();
        // Our own epmd: otherwise the node spawns a daemon epmd on 0.0.0.0:4369 that outlives it.
        var epmd = ManagedProcess.Start(new ProcessSpec
        {
            Name = "epmd",
            FileName = "epmd",
            Args = ["-port", Inv(EpmdPort), "-address", "127.0.0.1"],
            LogPath = Path.Combine(Directory, "log", "epmd.log"),
        }, _options.Tracker);
        _epmd = epmd;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!PortAllocator.IsListening(EpmdPort))
        {
            if (epmd.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"epmd did not start on port {EpmdPort}: {epmd.Tail()}");
            }
            await Task.Delay(25, ct).ConfigureAwait(false);
        }
    }

    private void WriteFiles()
    {
        foreach (var dir in new[] { "home", "mnesia", "log" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, dir));
        }
        // Pre-create the cookie: the server and a CLI started at the same moment would otherwise race to create it.
        var cookie = Path.Combine(Directory, "home", ".erlang.cookie");
        if (!File.Exists(cookie))
        {
            File.WriteAllText(cookie, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
            }
        }
        File.WriteAllText(Path.Combine(Directory, "rabbitmq-env.conf"), "");
        File.WriteAllText(Path.Combine(Directory, "enabled_plugins"), "[rabbitmq_management,rabbitmq_prometheus].\n");
        var definitions = Path.Combine(Directory, "definitions.json");
        if (!File.Exists(definitions))
        {
            File.WriteAllText(definitions, DefinitionsJson());
        }
        File.WriteAllText(Path.Combine(Directory, "rabbitmq.conf"), $"""
            management.tcp.port = {ManagementPort}
            management.tcp.ip = 127.0.0.1
            prometheus.tcp.port = {PrometheusPort}
            prometheus.tcp.ip = 127.0.0.1
            definitions.import_backend = local_filesystem
            definitions.local.path = {definitions}
            log.file.level = info

            """);
    }

    private static string DefinitionsJson()
    {
        // rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password)).
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(Password)]);
        var definitions = new
        {
            users = new[]
            {
                new { name = User, password_hash = Convert.ToBase64String([.. salt, .. hash]),
                      hashing_algorithm = "rabbit_password_hashing_sha256", tags = new[] { "administrator" } },
            },
            vhosts = new[] { new { name = "/" } },
            permissions = new[] { new { user = User, vhost = "/", configure = ".*", write = ".*", read = ".*" } },
        };
        return JsonSerializer.Serialize(definitions, new JsonSerializerOptions { WriteIndented = true });
    }

    private async Task ManagementPutAsync(string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(ManagementUrl, path))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = HttpProbe.Basic(User, Password);
        using var response = await HttpProbe.Client.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"RabbitMQ management PUT {path} failed: {(int)response.StatusCode} {text}");
        }
    }

    private void AllocatePorts(bool preferred)
    {
        AmqpPort = PortAllocator.Allocate(preferred ? _options.AmqpPort : null);
        ManagementPort = PortAllocator.Allocate(preferred ? _options.ManagementPort : null);
        PrometheusPort = PortAllocator.Allocate(preferred ? _options.PrometheusPort : null);
        DistPort = PortAllocator.Allocate(preferred ? _options.DistPort : null);
        EpmdPort = PortAllocator.Allocate(preferred ? _options.EpmdPort : null);
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
