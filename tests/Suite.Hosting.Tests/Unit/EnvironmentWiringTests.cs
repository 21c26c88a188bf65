using Npgsql;
using Xunit;

namespace Suite.Hosting.Tests.Unit;

public sealed class EnvironmentWiringTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Database_reference_injects_its_connection_string()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var pg = builder.AddPostgres("postgres");
        var db = pg.AddDatabase("ingestiondb");
        var project = builder.AddProject("ingestion", "services/ingestion/Suite.Ingestion").WithReference(db).WaitFor(db);
        var app = builder.Build();
        app.Prepare();

        var env = project.Resource.BuildEnvironment(app);

        var cs = new NpgsqlConnectionStringBuilder(env["ConnectionStrings__ingestiondb"]);
        Assert.Equal("ingestiondb", cs.Database);
        Assert.Equal("127.0.0.1", cs.Host);
        Assert.Equal(pg.Resource.Server.Port, cs.Port);
        Assert.Equal("ingestiondb_owner", cs.Username);   // the database owner, not the superuser: row-level security binds it
        Assert.Equal(pg.Resource.Server.Password, cs.Password);
        Assert.Equal(env["ConnectionStrings__ingestiondb"], app.ConnectionString("ingestiondb"));
    }

    [Fact]
    public void RabbitMq_and_named_references_use_aspire_connection_string_keys()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var mq = builder.AddRabbitMQ("rabbitmq");
        var mail = builder.AddMailDev("maildev");
        var project = builder.AddProject("alerting", "services/alerting/Suite.Alerting").WithReference(mq).WithReference(mail, "smtp");
        var app = builder.Build();
        app.Prepare();

        var env = project.Resource.BuildEnvironment(app);

        Assert.Equal($"amqp://guest:guest@127.0.0.1:{mq.Resource.Node.AmqpPort}/", env["ConnectionStrings__rabbitmq"]);
        Assert.Equal($"smtp://127.0.0.1:{mail.Resource.Server.SmtpPort}", env["ConnectionStrings__smtp"]);
        Assert.False(env.ContainsKey("ConnectionStrings__maildev"));
    }

    [Fact]
    public void Project_reference_injects_service_discovery_endpoints()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var metrics = builder.AddProject("metrics", "services/metrics/Suite.Metrics");
        var alerting = builder.AddProject("alerting", "services/alerting/Suite.Alerting").WithReference(metrics).WaitFor(metrics);
        var app = builder.Build();
        app.Prepare();

        var env = alerting.Resource.BuildEnvironment(app);

        Assert.Equal($"http://127.0.0.1:{metrics.Resource.GrpcPort}", env["services__metrics__grpc__0"]);
        Assert.Equal($"http://127.0.0.1:{metrics.Resource.HttpPort}", env["services__metrics__http__0"]);
        Assert.Equal(new Uri($"http://127.0.0.1:{metrics.Resource.GrpcPort}"), app.GrpcEndpoint("metrics"));
        Assert.Equal(new Uri($"http://127.0.0.1:{metrics.Resource.HttpPort}"), app.HttpEndpoint("metrics"));
    }

    [Fact]
    public void Every_project_gets_two_endpoints_identity_and_signing_key()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options(signingKey: "the-key-the-key-the-key-the-key-the-key"));
        var project = builder.AddProject("ingestion", "services/ingestion/Suite.Ingestion");
        var app = builder.Build();
        app.Prepare();

        var env = project.Resource.BuildEnvironment(app);
        var grpc = project.Resource.GrpcPort;
        var http = project.Resource.HttpPort;

        Assert.NotEqual(grpc, http);
        Assert.Equal($"http://127.0.0.1:{grpc}", env["Kestrel__Endpoints__grpc__Url"]);
        Assert.Equal("Http2", env["Kestrel__Endpoints__grpc__Protocols"]);
        Assert.Equal($"http://127.0.0.1:{http}", env["Kestrel__Endpoints__http__Url"]);
        Assert.Equal("Http1", env["Kestrel__Endpoints__http__Protocols"]);
        Assert.Equal("the-key-the-key-the-key-the-key-the-key", env["Auth__SigningKey"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("ingestion", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("2", env["MALLOC_ARENA_MAX"]);
        Assert.Equal("131072", env["MALLOC_MMAP_THRESHOLD_"]);
        Assert.True(env.ContainsKey("ASPNETCORE_URLS"));
        Assert.Null(env["ASPNETCORE_URLS"]);   // removed from the inherited environment
    }

    [Fact]
    public void WithEnvironment_wins_over_defaults_and_is_evaluated_at_start()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var late = "before";
        var project = builder.AddProject("ingestion", "services/ingestion/Suite.Ingestion")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Staging")
            .WithEnvironment("Late", () => late);
        var app = builder.Build();
        app.Prepare();
        late = "after";

        var env = project.Resource.BuildEnvironment(app);

        Assert.Equal("Staging", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("after", env["Late"]);
    }

    [Fact]
    public void Console_tools_get_no_endpoints()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var tool = builder.AddProject("simulator", "bench/Suite.Simulator/Suite.Simulator").WithoutEndpoints().WithArgs("--rate", "5");
        var app = builder.Build();
        app.Prepare();

        var env = tool.Resource.BuildEnvironment(app);

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("Kestrel__", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => tool.Resource.GrpcEndpoint);
        Assert.Equal(["--rate", "5"], tool.Resource.Args);
        Assert.Null(tool.Resource.HealthPath);
    }

    [Fact]
    public void Project_dll_path_follows_the_build_configuration()
    {
        var options = _state.Options();
        var project = new ProjectResource("ingestion", "services/ingestion/Suite.Ingestion");

        Assert.Equal(Path.Combine(options.RepoRoot, "services", "ingestion", "bin", "Debug", "net10.0", "Suite.Ingestion.dll"), project.DllPath(options));
    }
}
