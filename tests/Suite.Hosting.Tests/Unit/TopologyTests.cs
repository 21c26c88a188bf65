using Xunit;

namespace Suite.Hosting.Tests.Unit;

public sealed class TopologyTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    private SuiteApplication Build(bool demo = false, bool infraOnly = false, Dictionary<string, IDictionary<string, string?>>? extra = null) =>
        SuiteTopology.Build(new SuiteHostOptions
        {
            StateDir = _state.Dir,
            Configuration = "Debug",
            Throwaway = true,
            Demo = demo,
            InfraOnly = infraOnly,
            ExtraEnvironment = extra ?? new Dictionary<string, IDictionary<string, string?>>(),
        });

    [Fact]
    public void Suite_has_infrastructure_five_services_and_their_databases()
    {
        var suite = Build();

        Assert.Equal(
            ["postgres", "rabbitmq", "maildev", "prometheus", "postgres-exporter",
             "ingestiondb", "ingestion", "metricsdb", "metrics", "predictionsdb", "predictions",
             "alertingdb", "alerting", "reportingdb", "reporting"],
            suite.Resources.Select(r => r.Name));
        Assert.Equal(5, suite.Resources.OfType<ProjectResource>().Count());
    }

    [Theory]
    [InlineData("ingestion", "ingestiondb,rabbitmq")]
    [InlineData("metrics", "metricsdb,rabbitmq")]
    [InlineData("predictions", "predictionsdb,rabbitmq")]
    [InlineData("alerting", "alertingdb,maildev,metrics,rabbitmq")]
    [InlineData("reporting", "maildev,metrics,predictions,rabbitmq,reportingdb")]
    public void Services_wait_for_what_they_reference(string service, string dependencies)
    {
        var suite = Build();
        var project = suite.App.GetResource<ProjectResource>(service);

        Assert.Equal(dependencies.Split(','), project.StartDependencies.Select(r => r.Name).Order());
        Assert.Equal(dependencies.Split(','), project.References.Select(r => r.Name).Order());
    }

    [Fact]
    public void Alerting_gets_smtp_and_metrics_endpoints()
    {
        var suite = Build();
        suite.App.Prepare();

        var env = suite.App.GetResource<ProjectResource>("alerting").BuildEnvironment(suite.App);

        Assert.StartsWith("smtp://127.0.0.1:", env["ConnectionStrings__smtp"], StringComparison.Ordinal);
        Assert.Equal(suite.GrpcEndpoint("metrics").ToString().TrimEnd('/'), env["services__metrics__grpc__0"]);
        Assert.Contains("Database=alertingdb", env["ConnectionStrings__alertingdb"], StringComparison.Ordinal);
        Assert.Equal(suite.SigningKey, env["Auth__SigningKey"]);
    }

    [Fact]
    public void Reporting_gets_metrics_and_predictions_endpoints()
    {
        var suite = Build();
        suite.App.Prepare();

        var env = suite.App.GetResource<ProjectResource>("reporting").BuildEnvironment(suite.App);

        Assert.Equal(suite.GrpcEndpoint("metrics").ToString().TrimEnd('/'), env["services__metrics__grpc__0"]);
        Assert.Equal(suite.GrpcEndpoint("predictions").ToString().TrimEnd('/'), env["services__predictions__grpc__0"]);
    }

    [Fact]
    public void Signing_key_is_generated_once_per_state_folder()
    {
        var first = Build().SigningKey;
        var second = Build().SigningKey;

        Assert.Equal(first, second);
        Assert.True(first.Length >= 32);
        Assert.Equal(first, File.ReadAllText(Path.Combine(_state.Dir, "dev-signing-key")));
    }

    [Fact]
    public void Extra_environment_reaches_the_named_service_only()
    {
        var suite = Build(extra: new() { ["alerting"] = new Dictionary<string, string?> { ["Alerting__Interval"] = "00:00:01" } });
        suite.App.Prepare();

        Assert.Equal("00:00:01", suite.App.GetResource<ProjectResource>("alerting").BuildEnvironment(suite.App)["Alerting__Interval"]);
        Assert.False(suite.App.GetResource<ProjectResource>("metrics").BuildEnvironment(suite.App).ContainsKey("Alerting__Interval"));
    }

    [Fact]
    public void Extra_environment_for_an_unknown_service_is_an_error() =>
        Assert.Throws<ArgumentException>(() => Build(extra: new() { ["nope"] = new Dictionary<string, string?>() }));

    [Fact]
    public void Demo_adds_the_simulator_fed_with_ingestion_and_a_token()
    {
        var suite = Build(demo: true);
        suite.App.Prepare();
        var simulator = suite.App.GetResource<ProjectResource>("simulator");

        var env = simulator.BuildEnvironment(suite.App);

        Assert.False(simulator.HasEndpoints);
        Assert.Equal(suite.GrpcEndpoint("ingestion").ToString().TrimEnd('/'), env["services__ingestion__grpc__0"]);
        Assert.False(string.IsNullOrEmpty(env["Suite__Token"]));
        Assert.Equal(["--rate", "50", "--tenants", "demo,acme"], simulator.Args);
        Assert.Equal(Path.Combine(suite.App.Options.RepoRoot, "bench", "Suite.Simulator", "bin", "Debug", "net10.0", "Suite.Simulator.dll"),
            simulator.DllPath(suite.App.Options));
    }

    [Fact]
    public void Infra_only_has_no_projects() =>
        Assert.Equal(["postgres", "rabbitmq", "maildev", "prometheus", "postgres-exporter"], Build(infraOnly: true).Resources.Select(r => r.Name));

    [Fact]
    public void Repo_root_is_the_folder_with_the_solution() =>
        Assert.True(File.Exists(Path.Combine(RepoRootLocator.Find(), "Suite.sln")));
}
