using Suite.Hosting.Infrastructure;
using Xunit;

namespace Suite.Hosting.Tests.Integration;

/// <summary>The private cluster's unix socket, whose connections are trusted, is for the server's own OS user only.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PostgresSocketTests
{
    [Fact]
    public async Task Only_the_server_s_own_user_may_use_its_socket()
    {
        var dir = Path.Combine("/tmp", $"suite-pg-socket-{Guid.NewGuid():N}");
        var server = new PostgresServer(new PostgresServerOptions { Directory = dir, Throwaway = true });
        try
        {
            await server.StartAsync();

            var socket = Path.Combine(server.SocketDirectory, $".s.PGSQL.{server.Port}");
            Assert.True(File.Exists(socket), $"no socket at {socket}");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(socket));
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
