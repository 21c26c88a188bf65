using System.Globalization;
using System.Text;
using Npgsql;
using Suite.Hosting.Processes;

namespace Suite.Hosting.Infrastructure;

public sealed class PostgresServerOptions
{
    /// <summary>Folder of this cluster: data/, run/ (unix socket), password, postgres.log.</summary>
    public required string Directory { get; init; }

    /// <summary>Preferred port; another free one is used when it is taken.</summary>
    public int? Port { get; init; }

    /// <summary>Test clusters: no fsync anywhere (fast, not crash safe).</summary>
    public bool Throwaway { get; init; }

    public string BinDir { get; init; } = "/usr/lib/postgresql/15/bin";
    public int MaxConnections { get; init; } = 300;
    public ProcessTracker? Tracker { get; init; }
}

/// <summary>
/// A private PostgreSQL cluster from the installed binaries: initdb once (kept clusters are reused, data and password
/// included; only the port may change), pg_ctl start on 127.0.0.1:port, TCP with SCRAM for user postgres.
/// PostgreSQL refuses to run as root, so as root every server command runs as user postgres (runuser).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "postgres";
    private const string SystemUser = "postgres";

    /// <summary>
    /// Settings of a durable (not throwaway) cluster. The WAL writer flushes every 2 ms instead of every 200 ms or
    /// 1 MB: an ingestion transaction writes ~300 kB of WAL, which its COMMIT otherwise writes and flushes itself while
    /// the other commits wait; flushed as it is produced, COMMIT has only the last ~2 ms to flush (measured: the
    /// commit stage ~1.6 → ~1.2 ms; docs/benchmarks.md, 2026-12-08).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> DurableSettings =
    [
        ("wal_writer_delay", "2ms"),
        ("wal_writer_flush_after", "0"),
    ];

    private readonly PostgresServerOptions _options;

    public PostgresServer(PostgresServerOptions options)
    {
        _options = options;
        Directory = Path.GetFullPath(options.Directory);
        DataDirectory = Path.Combine(Directory, "data");
        SocketDirectory = Path.Combine(Directory, "run");
        LogPath = Path.Combine(Directory, "postgres.log");
        Port = PortAllocator.Allocate(options.Port);
        System.IO.Directory.CreateDirectory(Directory);
        Password = Secrets.LoadOrCreate(Path.Combine(Directory, "password"), 18);
    }

    public string Directory { get; }
    public string DataDirectory { get; }
    public string SocketDirectory { get; }
    public string LogPath { get; }
    public int Port { get; private set; }
    public string Password { get; }

    /// <summary>The postmaster's pid while running.</summary>
    public int? ProcessId { get; private set; }

    public bool IsRunning => ProcessId is { } pid && ProcessInfo.IsAlive(pid);

    public string ConnectionString(string database = "postgres", string user = User) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = user,
        Password = Password,
        Database = database,
    }.ConnectionString;

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (IsRunning)
        {
            return;
        }
        await PrepareDirectoriesAsync(ct).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(DataDirectory, "global", "pg_control")))
        {
            await InitDbAsync(ct).ConfigureAwait(false);
        }
        await StopLeftoverAsync(ct).ConfigureAwait(false);
        try
        {
            await StartServerAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            // Cancelled or failed half-way: a postmaster pg_ctl launched may still be coming up; leave none behind.
            await KillPostmasterAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            WriteServerConfig();
            var logOffset = LogFiles.Length(LogPath);
            var result = await RunAsPostgresAsync("pg_ctl",
                ["start", "-D", DataDirectory, "-l", LogPath, "-w", "-t", "60", "-s"], TimeSpan.FromSeconds(75), ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                break;
            }
            var log = LogFiles.ReadFrom(LogPath, logOffset);
            var portTaken = log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("already in use", StringComparison.Ordinal);
            if (portTaken && attempt < 4)
            {
                // Someone took the port between allocation and bind: any other free port will do.
                Port = PortAllocator.Allocate();
                continue;
            }
            throw new InvalidOperationException(
                $"PostgreSQL failed to start on port {Port} (exit {result.ExitCode}): {result.Output.Trim()}{Environment.NewLine}{log}");
        }

        ProcessId = ReadPostmasterPid();
        if (ProcessId is { } pid)
        {
            _options.Tracker?.Track(pid, "postgres");
        }
        await WaitReadyAsync(ct).ConfigureAwait(false);
    }

    private async Task KillPostmasterAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        int? pid;
        while ((pid = ReadPostmasterPid()) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
        if (pid is { } p && ProcessInfo.IsAlive(p) && ProcessInfo.CommandLine(p).Contains(DataDirectory, StringComparison.Ordinal))
        {
            if (ProcessInfo.ProcessGroup(p) == p)
            {
                Native.SignalGroup(p, Native.SIGKILL);
            }
            Native.Signal(p, Native.SIGKILL);
            await ProcessInfo.WaitForExitAsync(p, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            _options.Tracker?.Untrack(p);
        }
        ProcessId = null;
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        var pid = ProcessId ?? ReadPostmasterPid();
        if (pid is null || !ProcessInfo.IsAlive(pid.Value))
        {
            ProcessId = null;
            return;
        }
        var result = await RunAsPostgresAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "-s"],
            TimeSpan.FromSeconds(40), ct).ConfigureAwait(false);
        if (!result.Succeeded || !await ProcessInfo.WaitForExitAsync(pid.Value, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false))
        {
            Native.Signal(pid.Value, Native.SIGQUIT);
            if (!await ProcessInfo.WaitForExitAsync(pid.Value, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false))
            {
                if (ProcessInfo.ProcessGroup(pid.Value) == pid.Value)
                {
                    Native.SignalGroup(pid.Value, Native.SIGKILL);   // backends too
                }
                Native.Signal(pid.Value, Native.SIGKILL);
                await ProcessInfo.WaitForExitAsync(pid.Value, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            }
        }
        _options.Tracker?.Untrack(pid.Value);
        ProcessId = null;
    }

    /// <summary>
    /// Creates the database unless it exists; returns its connection string. With <paramref name="owner"/>, the database
    /// belongs to that login role (created if missing: no superuser, no BYPASSRLS, the cluster's password), and the
    /// connection string logs in as it: the table owner a service should connect as, whom row-level security binds
    /// (docs/tenant-isolation.md); a superuser bypasses it whatever the tables say.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default, string? owner = null)
    {
        ValidateDatabaseName(name);
        if (owner is not null)
        {
            ValidateDatabaseName(owner);
        }
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync(ct).ConfigureAwait(false);
        var result = ConnectionString(name, owner ?? User);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
            {
                if (owner is not null)
                {
                    await CreateLoginRoleAsync(connection, owner, ct).ConfigureAwait(false);
                    await TransferOwnershipAsync(name, owner, ct).ConfigureAwait(false);
                }
                return result;
            }
        }
        if (owner is not null)
        {
            await CreateLoginRoleAsync(connection, owner, ct).ConfigureAwait(false);
        }
        try
        {
            var ownerClause = owner is null ? "" : $" OWNER \"{owner}\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{ownerClause}", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // created concurrently: fine
        }
        return result;
    }

    /// <summary>
    /// A database created before it had an owner role (a state folder from an older version, whose tables belong to
    /// the superuser): the database and every table, sequence, view and function of its schema go to
    /// <paramref name="owner"/>, so the services can keep migrating it as that role. Idempotent, cheap when done.
    /// </summary>
    private async Task TransferOwnershipAsync(string database, string owner, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var transfer = new NpgsqlCommand(
            $$"""
            do $$
            declare r record;
            begin
                if (select pg_get_userbyid(datdba) from pg_database where datname = current_database()) <> '{{owner}}' then
                    execute 'alter database "{{database}}" owner to "{{owner}}"';
                end if;
                for r in select c.oid::regclass as name, c.relkind from pg_class c
                         where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
                           and pg_get_userbyid(c.relowner) <> '{{owner}}'
                           -- extension members stay; a sequence owned by a column follows its table
                           and not exists (select 1 from pg_depend d where d.objid = c.oid
                                           and (d.deptype = 'e' or (c.relkind = 'S' and d.deptype in ('a', 'i'))))
                loop
                    execute format('alter %s %s owner to "{{owner}}"',
                        case r.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence' else 'table' end, r.name);
                end loop;
                for r in select p.oid::regprocedure as name from pg_proc p
                         where p.pronamespace = 'public'::regnamespace and pg_get_userbyid(p.proowner) <> '{{owner}}'
                           and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
                loop
                    execute format('alter routine %s owner to "{{owner}}"', r.name);
                end loop;
            end
            $$
            """, connection);
        await transfer.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task CreateLoginRoleAsync(NpgsqlConnection connection, string role, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @role", connection))
        {
            exists.Parameters.AddWithValue("role", role);
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
            {
                return;
            }
        }
        try
        {
            // The password is the cluster's own random one (no quote in it: Secrets makes it alphanumeric).
            await using var create = new NpgsqlCommand(
                $"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '{Password.Replace("'", "''", StringComparison.Ordinal)}'", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
        {
            // created concurrently: fine
        }
    }

    /// <summary>Lower-case letters, digits and underscores, starting with a letter, at most 63 characters.</summary>
    public static void ValidateDatabaseName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63 || !char.IsAsciiLetterLower(name[0])
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Invalid database name '{name}': use [a-z][a-z0-9_]*, at most 63 characters.", nameof(name));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task PrepareDirectoriesAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(SocketDirectory);
        if (!Native.IsRoot)
        {
            return;
        }
        // Only the cluster's own folder belongs to postgres; initdb creates data/ itself (mode 700).
        await CommandRunner.RunCheckedAsync("chown", [$"{SystemUser}:{SystemUser}", Directory, SocketDirectory,
            Path.Combine(Directory, "password")], ct: ct).ConfigureAwait(false);
        if (File.Exists(LogPath))
        {
            await CommandRunner.RunCheckedAsync("chown", [$"{SystemUser}:{SystemUser}", LogPath], ct: ct).ConfigureAwait(false);
        }
        var probe = await CommandRunner.RunAsync("runuser", ["-u", SystemUser, "--", "test", "-w", Directory], ct: ct).ConfigureAwait(false);
        if (!probe.Succeeded)
        {
            throw new InvalidOperationException(
                $"PostgreSQL runs as user '{SystemUser}', who cannot reach {Directory}: make its parent folders traversable (chmod o+x) or use a state folder under /tmp.");
        }
    }

    // initdb into a scratch folder, moved into place when complete: a cancelled initdb never leaves a half cluster.
    private async Task InitDbAsync(CancellationToken ct)
    {
        var scratch = DataDirectory + ".init";
        foreach (var dir in new[] { scratch, DataDirectory })
        {
            if (System.IO.Directory.Exists(dir))
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }
        var args = new List<string>
        {
            "-D", scratch, "-U", User, $"--pwfile={Path.Combine(Directory, "password")}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        };
        if (_options.Throwaway)
        {
            args.Add("--no-sync");
        }
        await RunAsPostgresCheckedAsync("initdb", args, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(scratch, "postgresql.conf"),
            $"{Environment.NewLine}# Suite: listen address, port and socket folder are rewritten at every start{Environment.NewLine}include_if_exists = 'suite.conf'{Environment.NewLine}",
            ct).ConfigureAwait(false);
        System.IO.Directory.Move(scratch, DataDirectory);
    }

    private void WriteServerConfig()
    {
        var conf = new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectory}'")
            // Local connections are trusted (initdb --auth-local=trust, for pg_ctl): only the server's own OS user may
            // use the socket, or any user of the machine could log in as the superuser without a password.
            .AppendLine("unix_socket_permissions = 0700")
            .AppendLine(CultureInfo.InvariantCulture, $"max_connections = {_options.MaxConnections}")
            .AppendLine("log_line_prefix = '%m [%p] %q%u@%d '");
        if (_options.Throwaway)
        {
            conf.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        }
        else
        {
            foreach (var (name, value) in DurableSettings)
            {
                conf.AppendLine(CultureInfo.InvariantCulture, $"{name} = '{value}'");
            }
        }
        File.WriteAllText(Path.Combine(DataDirectory, "suite.conf"), conf.ToString());
    }

    // A postmaster of this data folder still running (owner killed hard): stop it before starting ours.
    private async Task StopLeftoverAsync(CancellationToken ct)
    {
        var pid = ReadPostmasterPid();
        if (pid is null || !ProcessInfo.IsAlive(pid.Value) || !ProcessInfo.CommandLine(pid.Value).Contains(DataDirectory, StringComparison.Ordinal))
        {
            return;
        }
        ProcessId = pid;
        await StopAsync(ct).ConfigureAwait(false);
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var ready = await CommandRunner.RunAsync(Path.Combine(_options.BinDir, "pg_isready"),
                ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-q"], ct: ct).ConfigureAwait(false);
            if (ready.Succeeded)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"PostgreSQL on port {Port} did not become ready:{Environment.NewLine}{LogFiles.Tail(LogPath, 20)}");
            }
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private int? ReadPostmasterPid()
    {
        var file = Path.Combine(DataDirectory, "postmaster.pid");
        try
        {
            var first = File.ReadLines(file).FirstOrDefault();
            return int.TryParse(first, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// How many huge pages the server's shared memory needs with its configured settings (PostgreSQL 15's
    /// shared_memory_size_in_huge_pages), or null when unknown. PostgreSQL computes it only for a stopped server.
    /// </summary>
    public async Task<int?> SharedMemoryHugePagesAsync(CancellationToken ct = default)
    {
        var result = await RunAsPostgresAsync("postgres", ["-D", DataDirectory, "-C", "shared_memory_size_in_huge_pages"],
            TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        var lastLine = result.Output.Trim().Split('\n')[^1];
        return result.Succeeded && int.TryParse(lastLine, CultureInfo.InvariantCulture, out var pages) && pages > 0 ? pages : null;
    }

    private Task<CommandResult> RunAsPostgresAsync(string tool, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var exe = Path.Combine(_options.BinDir, tool);
        return Native.IsRoot
            ? CommandRunner.RunAsync("runuser", ["-u", SystemUser, "--", exe, .. args], null, timeout, ct)
            : CommandRunner.RunAsync(exe, args, null, timeout, ct);
    }

    private async Task RunAsPostgresCheckedAsync(string tool, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var result = await RunAsPostgresAsync(tool, args, timeout, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{tool} failed (exit {result.ExitCode}):{Environment.NewLine}{result.Output.Trim()}");
        }
    }
}
