using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Testing;
using AlertConfigClient = Suite.Contracts.Alerting.V1.AlertConfig.AlertConfigClient;
using AlertingClient = Suite.Contracts.Alerting.V1.Alerting.AlertingClient;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// Alerting in-process (one or more replicas) on a fresh database and vhost, with its neighbours for real: a gRPC
/// metrics double, a Slack webhook listener and maildev. Fast cycles so tests do not wait long.
/// </summary>
public sealed class AlertingHost : IAsyncDisposable
{
    private readonly List<WebApplicationFactory<Program>> _replicas = [];
    private readonly List<GrpcChannel> _channels = [];
    private InfraFixture _infra = null!;
    private string _db = "";
    private string _vhost = "";
    private Action<IServiceCollection>? _configureServices;
    private IReadOnlyDictionary<string, string?>? _settings;

    public MetricsDouble Metrics { get; private set; } = null!;
    public SlackSink Slack { get; private set; } = null!;
    public MailSink Mail { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>The service's own connection string (its database owner, under row-level security).</summary>
    public string ServiceConnectionString => _db;
    public WebApplicationFactory<Program> Factory => _replicas[0];

    /// <summary>AlertFired and AlertResolved as published on the vhost.</summary>
    public ConcurrentQueue<object> Events { get; } = new();

    /// <param name="configureServices">Test services for every replica (e.g. an IConfigSource), applied after the app's own.</param>
    /// <param name="settings">Extra settings for every replica; they win over the defaults here.</param>
    public static async Task<AlertingHost> StartAsync(
        InfraFixture infra, MailSink mail, int replicas = 1,
        Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new AlertingHost { _infra = infra, Mail = mail, _configureServices = configureServices, _settings = settings };
        try
        {
            host.Metrics = await MetricsDouble.StartAsync();
            host.Slack = await SlackSink.StartAsync();
            host._db = await infra.CreateServiceDatabaseAsync("alerting");
            host._vhost = await infra.CreateVirtualHostAsync("alerting");
            host.Database = NpgsqlDataSource.Create(SystemScope.AllTenantsConnectionString(host._db));   // the tests look at every tenant
            for (var i = 0; i < replicas; i++)
            {
                host.AddReplica();
            }
            await host.ConnectEventRecorderAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more replica on the same database and vhost (e.g. the restart after <see cref="StopReplicaAsync"/>).</summary>
    public WebApplicationFactory<Program> AddReplica()
    {
        var settings = ServiceFactory.Settings("alerting", _db, _vhost);
        settings["ConnectionStrings:smtp"] = Mail.SmtpConnectionString;
        settings["services:metrics:grpc:0"] = Metrics.Address;
        settings["Alerting:EvaluationInterval"] = "00:00:00.200";
        settings["Alerting:Notifier:PollInterval"] = "00:00:00.100";
        settings["Alerting:Notifier:RetryBaseDelay"] = "00:00:00.100";
        settings["Alerting:Notifier:RetryMaxDelay"] = "00:00:00.500";
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in _settings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var factory = ServiceFactory.Create<Program>(settings, _configureServices);
        // Index 0 is the replica clients talk to: a restarted replica takes the place of a stopped one.
        _replicas.Insert(0, factory);
        _channels.Insert(0, factory.Channel());
        return factory;
    }

    /// <summary>Stops the replica clients talk to (the latest started) and forgets it: its work in flight is lost.</summary>
    public async Task StopReplicaAsync()
    {
        var (factory, channel) = (_replicas[0], _channels[0]);
        _replicas.RemoveAt(0);
        _channels.RemoveAt(0);
        channel.Dispose();
        await factory.DisposeAsync();
    }

    /// <summary>A client of the first replica calling as a user of <paramref name="tenant"/>.</summary>
    public AlertingClient ClientFor(string tenant)
    {
        var token = _infra.TokenFor(tenant);
        return new AlertingClient(_channels[0].Intercept(m =>
        {
            m.Add("Authorization", "Bearer " + token);
            return m;
        }));
    }

    /// <summary>Every replica in start order; replica 0 is <see cref="Factory"/>.</summary>
    public IReadOnlyList<WebApplicationFactory<Program>> Replicas => _replicas;

    /// <summary>A client of the configuration API of replica <paramref name="replica"/>, calling as a user of <paramref name="tenant"/>.</summary>
    public AlertConfigClient ConfigClientFor(string tenant, int replica = 0)
    {
        var token = _infra.TokenFor(tenant);
        return new AlertConfigClient(_channels[replica].Intercept(m =>
        {
            m.Add("Authorization", "Bearer " + token);
            return m;
        }));
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Once nothing is pending, every delivery that will happen has happened (rows commit after sending).</summary>
    public async Task WaitUntilNothingPendingAsync() =>
        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from notifications where state = 'pending'") == 0,
            "no pending notifications");

    private async Task ConnectEventRecorderAsync()
    {
        await ServiceFactory.WaitForBusAsync(Factory.Services);
        var bus = Factory.Services.GetRequiredService<IBusControl>();
        var handle = bus.ConnectReceiveEndpoint($"alerting-tests-{Guid.NewGuid():N}", e =>
        {
            e.Handler<AlertFired>(ctx =>
            {
                Events.Enqueue(ctx.Message);
                return Task.CompletedTask;
            });
            e.Handler<AlertResolved>(ctx =>
            {
                Events.Enqueue(ctx.Message);
                return Task.CompletedTask;
            });
        });
        await handle.Ready;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        foreach (var factory in _replicas)
        {
            await factory.DisposeAsync();
        }
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        if (Slack is not null)
        {
            await Slack.DisposeAsync();
        }
        if (Metrics is not null)
        {
            await Metrics.DisposeAsync();
        }
    }
}
