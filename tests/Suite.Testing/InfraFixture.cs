using System.Security.Cryptography;
using System.Text;
using Suite.Hosting.Infrastructure;
using Suite.Hosting.Processes;
using Suite.ServiceDefaults.Auth;
using Xunit;

namespace Suite.Testing;

/// <summary>
/// Real PostgreSQL and RabbitMQ for integration tests: one throwaway pair per test assembly (collection fixture),
/// started concurrently on free ports under a temp folder (/tmp/suite-test-*, or under $SUITE_TEST_STATE), stopped and
/// deleted on dispose. Should the test host die, a watchdog kills the servers and deletes the folder.
/// Give each test class its own database and vhost: <see cref="CreateDatabaseAsync"/>, <see cref="CreateVirtualHostAsync"/>.
/// </summary>
public sealed class InfraFixture : IAsyncLifetime
{
    /// <summary>Fixed development signing key (HS256, &gt;= 32 bytes) for Auth:SigningKey and <see cref="TokenFor"/>.</summary>
    public const string SigningKey = "suite-tests-signing-key-0123456789-abcdefghijklmnop";

    private ProcessTracker? _tracker;
    private PostgresServer? _postgres;
    private RabbitMqNode? _rabbit;

    /// <summary>Folder holding both servers' data and logs (deleted on dispose unless SUITE_TEST_KEEP=1).</summary>
    public string StateDirectory { get; } = NewStateDirectory();

    /// <summary>Superuser, database "postgres".</summary>
    public string PostgresAdminConnectionString => Postgres.ConnectionString();

    /// <summary>amqp://guest:guest@127.0.0.1:&lt;port&gt;/ (default vhost).</summary>
    public string RabbitMqConnectionString => RabbitMq.ConnectionString;

    /// <summary>RabbitMQ management UI/API (basic auth guest:guest).</summary>
    public Uri RabbitMqManagementUrl => RabbitMq.ManagementUrl;

    /// <summary>Prometheus text from the rabbitmq_prometheus plugin.</summary>
    public Uri RabbitMqPrometheusUrl => RabbitMq.PrometheusMetricsUrl;

    public string PostgresLogPath => Postgres.LogPath;
    public string RabbitMqLogPath => RabbitMq.LogPath;

    public bool IsRabbitMqRunning => _rabbit?.IsRunning ?? false;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("InfraFixture is not initialized");
    public RabbitMqNode RabbitMq => _rabbit ?? throw new InvalidOperationException("InfraFixture is not initialized");

    public async Task InitializeAsync()
    {
        _tracker = new ProcessTracker(StateDirectory, deleteStateDirOnOrphan: !KeepState);
        _postgres = new PostgresServer(new PostgresServerOptions
        {
            Directory = Path.Combine(StateDirectory, "postgres"),
            Throwaway = true,
            Tracker = _tracker,
        });
        _rabbit = new RabbitMqNode(new RabbitMqNodeOptions
        {
            Directory = Path.Combine(StateDirectory, "rabbitmq"),
            NodeName = "suite-test@localhost",
            Tracker = _tracker,
        });
        try
        {
            await Task.WhenAll(_postgres.StartAsync(), _rabbit.StartAsync()).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            var stops = new List<Task>();
            if (_rabbit is not null)
            {
                stops.Add(_rabbit.StopAsync(graceful: false, keepEpmd: false));
            }
            if (_postgres is not null)
            {
                stops.Add(_postgres.StopAsync());
            }
            await Task.WhenAll(stops).ConfigureAwait(false);
        }
        finally
        {
            _tracker?.Dispose();   // kills anything still alive
            _tracker = null;
            if (!KeepState)
            {
                DeleteStateDirectory();
            }
        }
    }

    /// <summary>A fresh database named &lt;prefix&gt;_&lt;random&gt;; returns its connection string (user postgres).</summary>
    public Task<string> CreateDatabaseAsync(string prefix) => Postgres.CreateDatabaseAsync(UniqueName(prefix, '_'));

    /// <summary>
    /// Like <see cref="CreateDatabaseAsync"/>, but owned by, and connecting as, the non-superuser login
    /// <see cref="ServiceRole"/>, as a service should connect: row-level security binds it (a superuser bypasses it).
    /// </summary>
    public Task<string> CreateServiceDatabaseAsync(string prefix) => Postgres.CreateDatabaseAsync(UniqueName(prefix, '_'), owner: ServiceRole);

    /// <summary>Login role owning the databases of <see cref="CreateServiceDatabaseAsync"/>.</summary>
    public const string ServiceRole = "suite_service";

    /// <summary>A fresh vhost named &lt;prefix&gt;-&lt;random&gt; (guest has full rights); returns its amqp URI.</summary>
    public Task<string> CreateVirtualHostAsync(string prefix) => RabbitMq.CreateVirtualHostAsync(UniqueName(prefix, '-'));

    /// <summary>Bearer token for <paramref name="tenant"/> signed with <see cref="SigningKey"/>; roles default to admin.</summary>
    public string TokenFor(string tenant, params string[] roles) =>
        SuiteTokens.Create(SigningKey, $"test-{tenant}", tenant, roles.Length == 0 ? [SuiteRoles.Admin] : roles, TimeSpan.FromHours(4));

    /// <summary>
    /// Kills the broker (outage), or with <paramref name="graceful"/> stops it cleanly (what it acknowledged last, e.g. a
    /// queue declared a moment before, is then on disk; a kill may lose it). Ports, data and vhosts stay;
    /// <see cref="StartRabbitMqAsync"/> brings it back.
    /// </summary>
    public Task StopRabbitMqAsync(bool graceful = false) => RabbitMq.StopAsync(graceful, keepEpmd: true);

    /// <summary>Starts the broker again on the same ports with the same data (after <see cref="StopRabbitMqAsync"/>).</summary>
    public Task StartRabbitMqAsync() => RabbitMq.StartAsync();

    internal static string UniqueName(string prefix, char separator)
    {
        var clean = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) ? c : separator);
        }
        if (clean.Length == 0 || !char.IsAsciiLetterLower(clean[0]))
        {
            clean.Insert(0, 't');
        }
        var head = clean.ToString(0, Math.Min(clean.Length, 40)).TrimEnd(separator);
        return $"{head}{separator}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    private static bool KeepState => Environment.GetEnvironmentVariable("SUITE_TEST_KEEP") == "1";

    private static string NewStateDirectory()
    {
        var baseDir = Environment.GetEnvironmentVariable("SUITE_TEST_STATE");
        var name = $"suite-test-{Guid.NewGuid():N}"[..24];
        var dir = string.IsNullOrWhiteSpace(baseDir) ? Path.Combine("/tmp", name) : Path.Combine(Path.GetFullPath(baseDir), name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private void DeleteStateDirectory()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(StateDirectory))
                {
                    Directory.Delete(StateDirectory, recursive: true);
                }
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(200);   // a server process still closing its files
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }
    }
}

/// <summary>Put <c>[Collection(InfraCollection.Name)]</c> on a test class to receive the shared <see cref="InfraFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "infra";
}
