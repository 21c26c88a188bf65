using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;
using RabbitMQ.Client;
using Suite.Testing;
using Xunit;

namespace Suite.Hosting.Tests.Integration;

[Collection(InfraCollection.Name)]
public sealed class InfraFixtureTests(InfraFixture infra)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Created_database_accepts_tables_and_rows()
    {
        var connectionString = await infra.CreateDatabaseAsync("Hosting Tests");

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.StartsWith("hosting_tests_", builder.Database, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", builder.Host);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'one'), (2, 'two');", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var query = new NpgsqlCommand("SELECT string_agg(name, ',' ORDER BY id), current_database() FROM t", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("one,two", reader.GetString(0));
        Assert.Equal(builder.Database, reader.GetString(1));
    }

    [Fact]
    public async Task Databases_are_fresh_and_distinct()
    {
        var a = new NpgsqlConnectionStringBuilder(await infra.CreateDatabaseAsync("same")).Database;
        var b = new NpgsqlConnectionStringBuilder(await infra.CreateDatabaseAsync("same")).Database;
        Assert.NotEqual(a, b);

        await using var admin = new NpgsqlConnection(infra.PostgresAdminConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = ANY(@names)", admin);
        count.Parameters.AddWithValue("names", new[] { a!, b! });
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Created_vhost_carries_messages_in_isolation()
    {
        var uri = await infra.CreateVirtualHostAsync("hosting");
        var vhost = Uri.UnescapeDataString(new Uri(uri).AbsolutePath.Trim('/'));
        Assert.StartsWith("hosting-", vhost, StringComparison.Ordinal);

        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync("probe", durable: true, exclusive: false, autoDelete: false);
        await channel.BasicPublishAsync("", "probe", Encoding.UTF8.GetBytes("hello"));

        var message = await GetAsync(channel, "probe");
        Assert.Equal("hello", Encoding.UTF8.GetString(message));

        // The queue exists in this vhost only (management API).
        Assert.Equal(System.Net.HttpStatusCode.OK, await ManagementStatusAsync($"api/queues/{Uri.EscapeDataString(vhost)}/probe"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, await ManagementStatusAsync("api/queues/%2F/probe"));
    }

    [Fact]
    public async Task Broker_does_not_start_an_Erlang_VM_every_minute_to_look_for_epmd()
    {
        // RabbitMQ 3.10's epmd monitor runs erl once a minute (a CPU burst that showed in ingestion's p99 on two
        // cores); the node stops it right after boot, so the monitor's process is gone and the broker still runs.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string monitor;
        while ((monitor = await EvalAsync("whereis(rabbit_epmd_monitor).")) != "undefined" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }
        Assert.Equal("undefined", monitor);
        Assert.Equal("true", await EvalAsync("is_pid(whereis(rabbit_sup))."));
    }

    private async Task<string> EvalAsync(string expression)
    {
        var result = await infra.RabbitMq.EvalAsync(expression);
        Assert.True(result.Succeeded, result.Output);
        return result.Output.Trim();
    }

    [Fact]
    public async Task Broker_can_be_stopped_and_started_again_on_the_same_port_with_its_data()
    {
        var uri = await infra.CreateVirtualHostAsync("outage");
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.QueueDeclareAsync("kept", durable: true, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "kept", true, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes("survives"));
        }

        // A clean stop: a kill may lose a queue declared a moment before (seen 1 in ~4 full runs under load).
        await infra.StopRabbitMqAsync(graceful: true);
        Assert.False(infra.IsRabbitMqRunning);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var down = await factory.CreateConnectionAsync();
        });

        await infra.StartRabbitMqAsync();
        Assert.True(infra.IsRabbitMqRunning);
        await using var again = await factory.CreateConnectionAsync();
        // The broker accepts connections before it has finished recovering a vhost's queues: until then a passive
        // declare answers 404 (and closes the channel), so ask again on a fresh channel for a while (recovery took over
        // 10 s on a loaded 2-core machine running the whole test suite).
        IChannel? channel2 = null;
        var recoveryDeadline = DateTime.UtcNow.AddSeconds(60);
        while (channel2 is null)
        {
            var candidate = await again.CreateChannelAsync();
            try
            {
                await candidate.QueueDeclarePassiveAsync("kept");
                channel2 = candidate;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) when (DateTime.UtcNow < recoveryDeadline)
            {
                await candidate.DisposeAsync();
                await Task.Delay(200);
            }
        }
        await using var _ = channel2;
        var message = await GetAsync(channel2, "kept");
        Assert.Equal("survives", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public async Task RabbitMq_prometheus_plugin_serves_metrics()
    {
        var text = await Http.GetStringAsync(infra.RabbitMqPrometheusUrl);
        Assert.Contains("rabbitmq_", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_carries_tenant_and_roles()
    {
        var token = new JsonWebTokenHandler().ReadJsonWebToken(infra.TokenFor("acme"));
        Assert.Equal("acme", token.Claims.Single(c => c.Type == "tenant").Value);
        Assert.Equal(["admin"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));

        var reader = new JsonWebTokenHandler().ReadJsonWebToken(infra.TokenFor("demo", "reader", "monitor"));
        Assert.Equal(["reader", "monitor"], reader.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.True(Encoding.UTF8.GetByteCount(InfraFixture.SigningKey) >= 32);
    }

    private static async Task<byte[]> GetAsync(IChannel channel, string queue)
    {
        for (var i = 0; i < 100; i++)
        {
            var result = await channel.BasicGetAsync(queue, autoAck: true);
            if (result is not null)
            {
                return result.Body.ToArray();
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"no message in {queue}");
    }

    private async Task<System.Net.HttpStatusCode> ManagementStatusAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(infra.RabbitMqManagementUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }
}
