using Npgsql;
using Suite.Hosting.Infrastructure;
using Xunit;

namespace Suite.Hosting.Tests.Integration;

/// <summary>What a server's shared memory needs in huge pages, asked of the real PostgreSQL (its own private cluster).</summary>
public sealed class PostgresHugePagesTests
{
    [Fact]
    public async Task A_stopped_server_says_how_many_huge_pages_its_shared_memory_needs()
    {
        var dir = Path.Combine("/tmp", $"suite-pg-hugepages-{Guid.NewGuid():N}");
        var server = new PostgresServer(new PostgresServerOptions { Directory = dir, Throwaway = true });
        try
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
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
