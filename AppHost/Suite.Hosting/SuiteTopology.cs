using Suite.Hosting.Infrastructure;
using Suite.Hosting.Processes;
using Suite.ServiceDefaults.Auth;

namespace Suite.Hosting;

public sealed class SuiteHostOptions
{
    /// <summary>State folder: databases, broker data, logs, dev signing key, resources.json.</summary>
    public required string StateDir { get; init; }

    public string? RepoRoot { get; init; }

    /// <summary>Which build of the services to run (bin/&lt;Configuration&gt;).</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>Also run the simulator (bench/Suite.Simulator) feeding ingestion.</summary>
    public bool Demo { get; init; }

    /// <summary>Only PostgreSQL (and its exporter), RabbitMQ, maildev and Prometheus.</summary>
    public bool InfraOnly { get; init; }

    /// <summary>Test runs: random ports, no fsync, quick kills; the folder is deleted should the host die.</summary>
    public bool Throwaway { get; init; }

    /// <summary>Delete the state folder after <see cref="SuiteApplication.StopAsync"/> (tests).</summary>
    public bool DeleteStateOnStop { get; init; }

    /// <summary>Prefer the conventional ports (5101/5102..., 5432, 5672, 15672, 9090, 9187, 1025/1080) when free. Default: !Throwaway.</summary>
    public bool? PreferWellKnownPorts { get; init; }

    /// <summary>Extra environment per service name ("alerting" → {"Alerting__EvaluationInterval": "00:00:01"}).</summary>
    public IDictionary<string, IDictionary<string, string?>> ExtraEnvironment { get; init; } =
        new Dictionary<string, IDictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> SimulatorArgs { get; init; } = ["--rate", "50", "--tenants", "demo,acme"];

    public IOutputEcho? Echo { get; init; }
    public Action<string>? Log { get; init; }
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>The one definition of the whole suite, used by the AppHost and the end-to-end tests.</summary>
public static class SuiteTopology
{
    /// <summary>The five services: name → (project path, conventional gRPC port; http = gRPC + 1).</summary>
    public static readonly IReadOnlyList<(string Name, string Project, int GrpcPort)> Services =
    [
        ("ingestion", "services/ingestion/Suite.Ingestion", 5101),
        ("metrics", "services/metrics/Suite.Metrics", 5111),
        ("predictions", "services/predictions/Suite.Predictions", 5121),
        ("alerting", "services/alerting/Suite.Alerting", 5131),
        ("reporting", "services/reporting/Suite.Reporting", 5141),
    ];

    public const string SimulatorProject = "bench/Suite.Simulator/Suite.Simulator";

    /// <summary>
    /// Business KPIs the metrics service exports as suite_business_kpi{tenant, kpi} for each demo tenant (--demo): what
    /// the Grafana dashboards in deploy/grafana read (Business executive, Security). Names from the metrics KPI catalog.
    /// </summary>
    public static readonly IReadOnlyList<string> DemoExportedKpis =
    [
        // revenue and conversion
        "orders", "average_transaction_amount", "payment_success_rate", "refund_rate",
        "quote_requests", "quote_conversion_rate", "portal_quote_conversion_rate",
        // active users
        "dau", "wau", "mau", "stickiness",
        // security
        "logins", "login_failures", "login_success_rate", "account_lockout_rate", "suspicious_activity_rate", "mfa_adoption_rate",
    ];

    /// <summary>How often the demo's KPI gauge is refreshed (Metrics:Export:Interval).</summary>
    public const string DemoKpiExportInterval = "00:00:15";

    /// <summary>The tenants the simulator feeds: its --tenants argument (default demo,acme).</summary>
    public static IReadOnlyList<string> DemoTenants(IReadOnlyList<string> simulatorArgs)
    {
        var at = simulatorArgs.ToList().IndexOf("--tenants");
        var value = at >= 0 && at + 1 < simulatorArgs.Count ? simulatorArgs[at + 1] : "demo,acme";
        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Random key generated once per state folder (&lt;state&gt;/dev-signing-key).</summary>
    public static string LoadOrCreateSigningKey(string stateDir) => Secrets.LoadOrCreate(Path.Combine(stateDir, "dev-signing-key"), 48);

    public static SuiteApplication Build(SuiteHostOptions options)
    {
        var stateDir = Path.GetFullPath(options.StateDir);
        Directory.CreateDirectory(stateDir);
        var signingKey = LoadOrCreateSigningKey(stateDir);
        var wellKnown = options.PreferWellKnownPorts ?? !options.Throwaway;
        int? Port(int port) => wellKnown ? port : null;

        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            StateDir = stateDir,
            RepoRoot = options.RepoRoot ?? RepoRootLocator.Find(),
            Configuration = options.Configuration,
            Throwaway = options.Throwaway,
            SigningKey = signingKey,
            Echo = options.Echo,
            Log = options.Log,
            ScrapeInterval = options.ScrapeInterval,
            HealthTimeout = options.HealthTimeout,
        });

        var postgres = builder.AddPostgres("postgres", Port(5432));
        var rabbitmq = builder.AddRabbitMQ("rabbitmq", Port(5672), Port(15672));
        var maildev = builder.AddMailDev("maildev", Port(1025), Port(1080));
        builder.AddPrometheus("prometheus", Port(9090));
        postgres.AddPostgresExporter("postgres-exporter", Port(9187));

        if (!options.InfraOnly)
        {
            var projects = new Dictionary<string, IResourceBuilder<ProjectResource>>();
            foreach (var (name, project, grpcPort) in Services)
            {
                var db = postgres.AddDatabase(name + "db");
                projects[name] = builder.AddProject(name, project, Port(grpcPort), Port(grpcPort + 1))
                    .WithReference(db)
                    .WithReference(rabbitmq)
                    .WaitFor(db)
                    .WaitFor(rabbitmq);
            }
            var alerting = projects["alerting"];
            alerting
                .WithReference(maildev, "smtp")
                .WaitFor(maildev)
                // Acknowledge/Resolve links in Slack and email point at the alerting service itself (dev signing key).
                .WithEnvironment("Alerting__Links__PublicBaseUrl", () => alerting.Resource.HttpEndpoint.ToString())
                .WithReference(projects["metrics"])
                .WaitFor(projects["metrics"]);
            var reporting = projects["reporting"];
            reporting
                .WithReference(maildev, "smtp")
                .WaitFor(maildev)
                // Download links in Slack messages point at the reporting service; every replica shares the key.
                .WithEnvironment("Reporting__Links__PublicBaseUrl", () => reporting.Resource.HttpEndpoint.ToString())
                .WithEnvironment("Reporting__Links__SigningKey", Secrets.LoadOrCreate(Path.Combine(stateDir, "reporting-link-key"), 32))
                .WithReference(projects["metrics"])
                .WaitFor(projects["metrics"])
                // At-risk digest and executive overview read churn risk and forecasts.
                .WithReference(projects["predictions"])
                .WaitFor(projects["predictions"]);

            if (options.Demo)
            {
                var token = SuiteTokens.Create(signingKey, "simulator", "demo", [SuiteRoles.Admin], TimeSpan.FromDays(30));
                builder.AddProject("simulator", SimulatorProject)
                    .WithoutEndpoints()
                    .WithReference(projects["ingestion"])
                    .WithReference(projects["alerting"])
                    .WaitFor(projects["ingestion"])
                    .WaitFor(projects["alerting"])
                    .WithEnvironment("Suite__Token", token)
                    .WithArgs([.. options.SimulatorArgs]);

                // The dashboards' business and security panels: export the demo tenants' KPIs as a Prometheus gauge.
                var metrics = projects["metrics"].WithEnvironment("Metrics__Export__Interval", DemoKpiExportInterval);
                foreach (var tenant in DemoTenants(options.SimulatorArgs))
                {
                    for (var i = 0; i < DemoExportedKpis.Count; i++)
                    {
                        metrics.WithEnvironment($"Metrics__Export__Tenants__{tenant}__{i}", DemoExportedKpis[i]);
                    }
                }
            }

            foreach (var (service, variables) in options.ExtraEnvironment)
            {
                if (!projects.TryGetValue(service, out var target))
                {
                    throw new ArgumentException($"ExtraEnvironment names unknown service '{service}'", nameof(options));
                }
                foreach (var (key, value) in variables)
                {
                    target.WithEnvironment(key, value);
                }
            }
        }
        return new SuiteApplication(builder.Build(), options, signingKey);
    }
}

/// <summary>The suite (built by <see cref="SuiteTopology.Build"/>): start, addresses, tokens, stop.</summary>
public sealed class SuiteApplication : IAsyncDisposable
{
    internal SuiteApplication(DistributedApplication app, SuiteHostOptions options, string signingKey)
    {
        App = app;
        Options = options;
        SigningKey = signingKey;
    }

    public DistributedApplication App { get; }
    public SuiteHostOptions Options { get; }

    /// <summary>The development signing key every service validates tokens with (Auth:SigningKey).</summary>
    public string SigningKey { get; }

    public string StateDir => App.Options.StateDir;
    public IReadOnlyList<Resource> Resources => App.Resources;
    public IReadOnlyList<ResourceSnapshot> Snapshot() => App.Snapshot();

    public Uri GrpcEndpoint(string name) => App.GrpcEndpoint(name);
    public Uri HttpEndpoint(string name) => App.HttpEndpoint(name);
    public string ConnectionString(string name) => App.ConnectionString(name);

    /// <summary>maildev REST API root: GET {MailDevApiUrl}email lists received mails.</summary>
    public Uri MailDevApiUrl => App.GetResource<MailDevResource>("maildev").Server.ApiUrl;

    public Uri MailDevWebUrl => App.GetResource<MailDevResource>("maildev").Server.WebUrl;
    public Uri PrometheusUrl => App.GetResource<PrometheusResource>("prometheus").Server.Url;
    /// <summary>The PostgreSQL exporter's /metrics (job postgres).</summary>
    public Uri PostgresExporterMetricsUrl => App.GetResource<PostgresExporterResource>("postgres-exporter").Exporter.MetricsUrl;

    public Uri RabbitMqManagementUrl => App.GetResource<RabbitMQServerResource>("rabbitmq").Node.ManagementUrl;
    public Uri RabbitMqMetricsUrl => App.GetResource<RabbitMQServerResource>("rabbitmq").Node.PrometheusMetricsUrl;

    /// <summary>Bearer token for a tenant (roles default to admin) signed with <see cref="SigningKey"/>.</summary>
    public string TokenFor(string tenant, params string[] roles) => TokenFor(tenant, TimeSpan.FromHours(12), roles);

    public string TokenFor(string tenant, TimeSpan lifetime, params string[] roles) =>
        SuiteTokens.Create(SigningKey, $"dev-{tenant}", tenant, roles.Length == 0 ? [SuiteRoles.Admin] : roles, lifetime);

    public Task StartAsync(CancellationToken ct = default) => App.StartAsync(ct);

    /// <summary>Broker outage: kill (or gracefully stop) RabbitMQ; ports and data are kept.</summary>
    public Task StopRabbitMqAsync(bool graceful = false) =>
        App.GetResource<RabbitMQServerResource>("rabbitmq").StopNodeAsync(graceful);

    public Task StartRabbitMqAsync(CancellationToken ct = default) =>
        App.GetResource<RabbitMQServerResource>("rabbitmq").StartNodeAsync(ct);

    /// <summary>Database outage on purpose (tests): a fast shutdown; data and port stay for <see cref="StartPostgresAsync"/>.</summary>
    public Task StopPostgresAsync() => App.GetResource<PostgresServerResource>("postgres").Server.StopAsync();

    public Task StartPostgresAsync(CancellationToken ct = default) =>
        App.GetResource<PostgresServerResource>("postgres").Server.StartAsync(ct);

    /// <summary>
    /// kill -9 of a service (tests): no shutdown code runs. The AppHost restarts it as it would any crash; returns the
    /// killed process id.
    /// </summary>
    public int KillService(string name)
    {
        var pid = App.GetResource<ProjectResource>(name).ProcessId ?? throw new InvalidOperationException($"{name} is not running");
        Native.Signal(pid, Native.SIGKILL);
        return pid;
    }

    public async Task StopAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        if (Options.DeleteStateOnStop)
        {
            try
            {
                Directory.Delete(App.Options.StateDir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
