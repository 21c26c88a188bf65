using Npgsql;
using Suite.Hosting.Infrastructure;
using Xunit;

namespace Suite.Hosting.Tests.Integration;

/// <summary>A private cluster of <see cref="PostgresServer"/>, each test on its own throwaway one.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivatePostgresServerTests
{
    [Fact]
    public Task A_stopped_server_says_how_many_huge_pages_its_shared_memory_needs() => WithServerAsync(async server =>
    {
        await server.StartAsync();
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString()))
        await using (var set = admin.CreateCommand("alter system set shared_buffers = '256MB'"))
        {
            await set.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await server.StopAsync();

        var pages = await server.SharedMemoryHugePagesAsync();

        // 256 MB of buffers are 128 pages of 2 MB; the rest of the shared memory (locks, WAL buffers…) adds a few.
        Assert.InRange(pages ?? 0, 129, 200);
    });

    /// <summary>Its local connections are trusted (initdb --auth-local=trust), so nobody else may reach the socket.</summary>
    [Fact]
    public Task Only_the_server_s_own_user_may_use_its_socket() => WithServerAsync(async server =>
    {
        await server.StartAsync();

        var socket = Path.Combine(server.SocketDirectory, $".s.PGSQL.{server.Port}");
        Assert.True(File.Exists(socket), $"no socket at {socket}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(socket));
    });

    /// <summary>A durable cluster's WAL writer flushes every 2 ms (ingestion's COMMIT then has little left to flush).</summary>
    [Fact]
    public Task A_durable_server_flushes_its_WAL_as_it_is_written() => WithServerAsync(async server =>
    {
        await server.StartAsync();
        await using var admin = NpgsqlDataSource.Create(server.ConnectionString());
        await using var show = admin.CreateCommand(
            "select current_setting('wal_writer_delay'), current_setting('wal_writer_flush_after'), current_setting('fsync')");
        await using var reader = await show.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(("2ms", "0", "on"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    }, throwaway: false);

    private static async Task WithServerAsync(Func<PostgresServer, Task> test, bool throwaway = true)
    {
        var dir = Path.Combine("/tmp", $"suite-pg-{Guid.NewGuid():N}");
        var server = new PostgresServer(new PostgresServerOptions { Directory = dir, Throwaway = throwaway });
        try
        {
            await test(server);
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
