namespace Suite.Hosting;

/// <summary>Collects resources (Aspire's shape: AddPostgres, AddDatabase, AddRabbitMQ, AddProject, WithReference, WaitFor).</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options) => Options = options;

    public DistributedApplicationOptions Options { get; }
    public IReadOnlyList<Resource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists");
        }
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public IResourceBuilder<PostgresServerResource> AddPostgres(string name, int? port = null) =>
        AddResource(new PostgresServerResource(name) { PreferredPort = port });

    public IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(string name, int? port = null, int? managementPort = null) =>
        AddResource(new RabbitMQServerResource(name) { PreferredPort = port, PreferredManagementPort = managementPort });

    public IResourceBuilder<MailDevResource> AddMailDev(string name, int? smtpPort = null, int? webPort = null) =>
        AddResource(new MailDevResource(name) { PreferredSmtpPort = smtpPort, PreferredWebPort = webPort });

    public IResourceBuilder<PrometheusResource> AddPrometheus(string name, int? port = null) =>
        AddResource(new PrometheusResource(name) { PreferredPort = port });

    /// <param name="projectPath">Relative to the repo root without extension, e.g. "services/ingestion/Suite.Ingestion".</param>
    public IResourceBuilder<ProjectResource> AddProject(string name, string projectPath, int? grpcPort = null, int? httpPort = null)
    {
        var builder = AddResource(new ProjectResource(name, projectPath));
        builder.Resource.PreferredGrpcPort = grpcPort;
        builder.Resource.PreferredHttpPort = httpPort;
        return builder;
    }

    public DistributedApplication Build()
    {
        DistributedApplication.Levels(_resources);   // throws on a dependency cycle
        return new DistributedApplication(Options, [.. _resources]);
    }
}

public static class ResourceBuilderExtensions
{
    /// <summary>A database in this server (created at start if missing); connection name = <paramref name="name"/>.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null) =>
        server.ApplicationBuilder.AddResource(new PostgresDatabaseResource(name, databaseName ?? name, server.Resource));

    /// <summary>prometheus-postgres-exporter for this server (started once it is up, scraped as job "postgres").</summary>
    public static IResourceBuilder<PostgresExporterResource> AddPostgresExporter(
        this IResourceBuilder<PostgresServerResource> server, string name, int? port = null, string? executable = null) =>
        server.ApplicationBuilder.AddResource(new PostgresExporterResource(name, server.Resource) { PreferredPort = port, Executable = executable });

    /// <summary>Start only once <paramref name="dependency"/> is running (healthy); stop before it.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        if (ReferenceEquals(builder.Resource, dependency.Resource))
        {
            throw new InvalidOperationException($"{builder.Resource.Name} cannot wait for itself");
        }
        if (!builder.Resource.WaitForList.Contains(dependency.Resource))
        {
            builder.Resource.WaitForList.Add(dependency.Resource);
        }
        return builder;
    }

    /// <summary>Injects ConnectionStrings__&lt;connectionName ?? source's name&gt; = its connection string.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
    {
        var name = connectionName ?? source.Resource.ConnectionStringName;
        if (source.Resource is Resource resource && !builder.Resource.ReferenceList.Contains(resource))
        {
            builder.Resource.ReferenceList.Add(resource);
        }
        builder.Resource.AddEnvironment((_, env) => env[$"ConnectionStrings__{name}"] = source.Resource.GetConnectionString());
        return builder;
    }

    /// <summary>Service discovery (Aspire's convention): services__&lt;name&gt;__grpc__0 and services__&lt;name&gt;__http__0.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> project)
    {
        var target = project.Resource;
        if (!target.HasEndpoints)
        {
            throw new InvalidOperationException($"{target.Name} has no endpoints to reference");
        }
        if (!builder.Resource.ReferenceList.Contains(target))
        {
            builder.Resource.ReferenceList.Add(target);
        }
        builder.Resource.AddEnvironment((_, env) =>
        {
            env[$"services__{target.Name}__grpc__0"] = target.GrpcEndpoint.ToString().TrimEnd('/');
            env[$"services__{target.Name}__http__0"] = target.HttpEndpoint.ToString().TrimEnd('/');
        });
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string key, string? value)
    {
        builder.Resource.AddEnvironment((_, env) => env[key] = value);
        return builder;
    }

    /// <summary>Value computed at start (after dependencies are up and ports are known).</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string key, Func<string?> value)
    {
        builder.Resource.AddEnvironment((_, env) => env[key] = value());
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithArgs(this IResourceBuilder<ProjectResource> builder, params string[] args)
    {
        builder.Resource.AddArgs(args);
        return builder;
    }

    /// <summary>A console tool: no Kestrel endpoints, no /metrics, running once started.</summary>
    public static IResourceBuilder<ProjectResource> WithoutEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.HasEndpoints = false;
        builder.Resource.HealthPath = null;
        return builder;
    }

    /// <summary>Readiness path on the http endpoint (default /health); null: running once started.</summary>
    public static IResourceBuilder<ProjectResource> WithHealthCheck(this IResourceBuilder<ProjectResource> builder, string? path)
    {
        builder.Resource.HealthPath = path;
        return builder;
    }
}
