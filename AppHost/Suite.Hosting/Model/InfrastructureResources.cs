using Suite.Hosting.Infrastructure;

namespace Suite.Hosting;

/// <summary>A PostgreSQL cluster (folder &lt;state&gt;/&lt;name&gt;); its connection string targets database "postgres".</summary>
public sealed class PostgresServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    private PostgresServer? _server;

    public override string Type => "postgres";
    public int? PreferredPort { get; init; }

    public PostgresServer Server => _server ?? throw new InvalidOperationException($"{Name} is not prepared yet");

    public string ConnectionStringName => Name;
    public string GetConnectionString() => Server.ConnectionString();

    public override string? LogPath => _server?.LogPath;

    public override IReadOnlyList<ResourceUrl> Urls =>
        _server is null ? [] : [new("tcp", $"tcp://127.0.0.1:{_server.Port}")];

    internal override void Prepare(DistributedApplication app) => _server ??= new PostgresServer(new PostgresServerOptions
    {
        Directory = Path.Combine(app.Options.StateDir, Name),
        Port = PreferredPort,
        Throwaway = app.Options.Throwaway,
        Tracker = app.Tracker,
    });

    internal override async Task StartAsync(DistributedApplication app, CancellationToken ct)
    {
        await Server.StartAsync(ct).ConfigureAwait(false);
        SetState(ResourceState.Running);
    }

    internal override Task StopAsync(DistributedApplication app) => _server?.StopAsync() ?? Task.CompletedTask;
}

/// <summary>A database inside a <see cref="PostgresServerResource"/>, created (idempotently) when it starts.</summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    public PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server) : base(name)
    {
        PostgresServer.ValidateDatabaseName(databaseName);
        DatabaseName = databaseName;
        Server = server;
        Parent = server;
    }

    public override string Type => "database";
    public string DatabaseName { get; }
    public PostgresServerResource Server { get; }

    public string ConnectionStringName => Name;
    /// <summary>
    /// The login role the database belongs to and its service connects as: not a superuser, so PostgreSQL's
    /// row-level security binds it (docs/tenant-isolation.md), and one per database, so a service cannot open another's.
    /// </summary>
    public string OwnerRole => DatabaseName + "_owner";

    public string GetConnectionString() => Server.Server.ConnectionString(DatabaseName, OwnerRole);

    public override IReadOnlyList<ResourceUrl> Urls =>
        Server.Urls.Select(u => new ResourceUrl("tcp", $"{u.Url}/{DatabaseName}")).ToList();

    internal override async Task StartAsync(DistributedApplication app, CancellationToken ct)
    {
        await Server.Server.CreateDatabaseAsync(DatabaseName, ct, owner: OwnerRole).ConfigureAwait(false);
        SetState(ResourceState.Running);
    }

    internal override Task StopAsync(DistributedApplication app) => Task.CompletedTask;
}

/// <summary>
/// prometheus-postgres-exporter for a <see cref="PostgresServerResource"/> (folder &lt;state&gt;/&lt;name&gt;), scraped by
/// Prometheus as job "postgres". When the binary is missing (an install that predates it) a warning is logged and
/// the suite goes on without it: the services' Npgsql metrics remain.
/// </summary>
public sealed class PostgresExporterResource : Resource
{
    private PostgresExporter? _exporter;

    public PostgresExporterResource(string name, PostgresServerResource server) : base(name)
    {
        Server = server;
        WaitForList.Add(server);
    }

    /// <summary>The Prometheus job this exporter is scraped as.</summary>
    public const string ScrapeJob = "postgres";

    public override string Type => "postgres-exporter";
    public int? PreferredPort { get; init; }
    public string? Executable { get; init; }
    public PostgresServerResource Server { get; }

    public PostgresExporter Exporter => _exporter ?? throw new InvalidOperationException($"{Name} is not prepared yet");

    public override string? LogPath => _exporter is { IsInstalled: true } e ? e.LogPath : null;

    public override IReadOnlyList<ResourceUrl> Urls =>
        _exporter is { IsInstalled: true } e ? [new("metrics", e.MetricsUrl.ToString())] : [];

    internal override void Prepare(DistributedApplication app)
    {
        if (_exporter is not null)
        {
            return;
        }
        _exporter = new PostgresExporter(new PostgresExporterOptions
        {
            Directory = Path.Combine(app.Options.StateDir, Name),
            Port = PreferredPort,
            Executable = Executable ?? PostgresExporterOptions.DefaultExecutable,
            Tracker = app.Tracker,
        });
    }

    internal override async Task StartAsync(DistributedApplication app, CancellationToken ct)
    {
        if (!Exporter.IsInstalled)
        {
            app.Options.Log?.Invoke(
                $"warning: {Exporter.Executable} is missing (run scripts/install.sh): {Name} is skipped, PostgreSQL is " +
                "monitored through the services' Npgsql metrics only");
            SetState(ResourceState.Stopped, "not installed: run scripts/install.sh");
            return;
        }
        await Exporter.StartAsync(Server.Server, ct).ConfigureAwait(false);
        Exporter.Exited?.ContinueWith(t =>
        {
            if (State == ResourceState.Running)
            {
                SetState(ResourceState.Crashed, $"exited with code {t.Result}");
            }
        }, TaskScheduler.Default);
        SetState(ResourceState.Running);
    }

    internal override Task StopAsync(DistributedApplication app) => _exporter?.StopAsync() ?? Task.CompletedTask;
}

/// <summary>A RabbitMQ node with the management and prometheus plugins (folder &lt;state&gt;/&lt;name&gt;).</summary>
public sealed class RabbitMQServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    private RabbitMqNode? _node;

    public override string Type => "rabbitmq";
    public int? PreferredPort { get; init; }
    public int? PreferredManagementPort { get; init; }

    public RabbitMqNode Node => _node ?? throw new InvalidOperationException($"{Name} is not prepared yet");

    public string ConnectionStringName => Name;
    public string GetConnectionString() => Node.ConnectionString;

    public override string? LogPath => _node?.LogPath;

    public override IReadOnlyList<ResourceUrl> Urls => _node is null
        ? []
        : [
            new("amqp", $"amqp://127.0.0.1:{_node.AmqpPort}"),
            new("management", _node.ManagementUrl.ToString()),
            new("metrics", _node.PrometheusMetricsUrl.ToString()),
        ];

    internal override void Prepare(DistributedApplication app)
    {
        if (_node is not null)
        {
            return;
        }
        _node = new RabbitMqNode(new RabbitMqNodeOptions
        {
            Directory = Path.Combine(app.Options.StateDir, Name),
            NodeName = $"{Name.Replace('_', '-')}@localhost",
            AmqpPort = PreferredPort,
            ManagementPort = PreferredManagementPort,
            Tracker = app.Tracker,
        });
        _node.Crashed += code => SetState(ResourceState.Crashed, $"exited with code {code}");
    }

    internal override async Task StartAsync(DistributedApplication app, CancellationToken ct)
    {
        await Node.StartAsync(ct).ConfigureAwait(false);
        SetState(ResourceState.Running);
    }

    internal override Task StopAsync(DistributedApplication app) =>
        _node?.StopAsync(graceful: !app.Options.Throwaway, keepEpmd: false) ?? Task.CompletedTask;

    /// <summary>Broker outage on purpose (tests): ports and data stay for <see cref="StartNodeAsync"/>.</summary>
    public async Task StopNodeAsync(bool graceful = false)
    {
        SetState(ResourceState.Stopping, "stopped on request");
        await Node.StopAsync(graceful, keepEpmd: true).ConfigureAwait(false);
        SetState(ResourceState.Stopped, "stopped on request");
    }

    public async Task StartNodeAsync(CancellationToken ct = default)
    {
        SetState(ResourceState.Starting);
        await Node.StartAsync(ct).ConfigureAwait(false);
        SetState(ResourceState.Running);
    }
}

/// <summary>maildev: SMTP sink with a web UI and REST API; connection string smtp://127.0.0.1:port.</summary>
public sealed class MailDevResource(string name) : Resource(name), IResourceWithConnectionString
{
    private MailDevServer? _server;

    public override string Type => "maildev";
    public int? PreferredSmtpPort { get; init; }
    public int? PreferredWebPort { get; init; }

    public MailDevServer Server => _server ?? throw new InvalidOperationException($"{Name} is not prepared yet");

    public string ConnectionStringName => Name;
    public string GetConnectionString() => Server.ConnectionString;

    public override string? LogPath => _server?.LogPath;

    public override IReadOnlyList<ResourceUrl> Urls => _server is null
        ? []
        : [
            new("smtp", _server.ConnectionString),
            new("ui", _server.WebUrl.ToString()),
            new("api", new Uri(_server.ApiUrl, "email").ToString()),
        ];

    internal override void Prepare(DistributedApplication app)
    {
        if (_server is not null)
        {
            return;
        }
        _server = new MailDevServer(new MailDevServerOptions
        {
            Directory = Path.Combine(app.Options.StateDir, Name),
            Executable = Path.Combine(app.Options.RepoRoot, ".tools", "node_modules", ".bin", "maildev"),
            SmtpPort = PreferredSmtpPort,
            WebPort = PreferredWebPort,
            Tracker = app.Tracker,
        });
    }

    internal override async Task StartAsync(DistributedApplication app, CancellationToken ct)
    {
        await Server.StartAsync(ct).ConfigureAwait(false);
        WatchExit(Server.Exited);
        SetState(ResourceState.Running);
    }

    internal override Task StopAsync(DistributedApplication app) => _server?.StopAsync() ?? Task.CompletedTask;

    private void WatchExit(Task<int>? exited) => exited?.ContinueWith(t =>
    {
        if (State == ResourceState.Running)
        {
            SetState(ResourceState.Crashed, $"exited with code {t.Result}");
        }
    }, TaskScheduler.Default);
}

/// <summary>
/// Prometheus scraping every project's /metrics (http endpoint), every RabbitMQ node's prometheus plugin, the
/// PostgreSQL exporter (job postgres, when installed) and itself;
/// rule files from &lt;repo&gt;/deploy/prometheus/rules when present.
/// </summary>
public sealed class PrometheusResource(string name) : Resource(name)
{
    private PrometheusServer? _server;

    public override string Type => "prometheus";
    public int? PreferredPort { get; init; }

    public PrometheusServer Server => _server ?? throw new InvalidOperationException($"{Name} is not prepared yet");

    public override string? LogPath => _server?.LogPath;

    public override IReadOnlyList<ResourceUrl> Urls => _server is null ? [] : [new("ui", _server.Url.ToString())];

    /// <summary>What this Prometheus scrapes in <paramref name="app"/> (ports must be allocated).</summary>
    public static IReadOnlyList<ScrapeTarget> TargetsOf(IEnumerable<Resource> resources) =>
        resources.SelectMany<Resource, ScrapeTarget>(r => r switch
        {
            ProjectResource { HasEndpoints: true } p => [new ScrapeTarget(p.Name, $"127.0.0.1:{p.HttpPort}")],
            RabbitMQServerResource mq => [new ScrapeTarget(mq.Name, $"127.0.0.1:{mq.Node.PrometheusPort}")],
            PostgresExporterResource { Exporter.IsInstalled: true } e =>
                [new ScrapeTarget(PostgresExporterResource.ScrapeJob, $"127.0.0.1:{e.Exporter.Port}")],
            _ => [],
        }).ToList();

    internal override void Prepare(DistributedApplication app) => _server ??= new PrometheusServer(new PrometheusServerOptions
    {
        Directory = Path.Combine(app.Options.StateDir, Name),
        Port = PreferredPort,
        RulesDirectory = Path.Combine(app.Options.RepoRoot, "deploy", "prometheus", "rules"),
        ScrapeInterval = app.Options.ScrapeInterval,
        EvaluationInterval = app.Options.ScrapeInterval,
        Tracker = app.Tracker,
    });

    internal override async Task StartAsync(DistributedApplication app, CancellationToken ct)
    {
        Server.Targets.Clear();
        Server.Targets.AddRange(TargetsOf(app.Resources));
        await Server.StartAsync(ct).ConfigureAwait(false);
        Server.Exited?.ContinueWith(t =>
        {
            if (State == ResourceState.Running)
            {
                SetState(ResourceState.Crashed, $"exited with code {t.Result}");
            }
        }, TaskScheduler.Default);
        SetState(ResourceState.Running);
    }

    internal override Task StopAsync(DistributedApplication app) => _server?.StopAsync() ?? Task.CompletedTask;
}
