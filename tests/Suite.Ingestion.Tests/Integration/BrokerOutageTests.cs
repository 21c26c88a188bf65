using Suite.Contracts.Ingestion.V1;
using Suite.Testing;
using Xunit.Abstractions;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>
/// RabbitMQ stopped during load and started again: ingestion keeps accepting, and every committed batch is
/// eventually published, each under its own MessageId (a relay may publish a message twice in a crash window, so
/// the check is on distinct MessageIds: equal to the committed batches, none missing).
/// </summary>
[Collection(InfraCollection.Name)]
public class BrokerOutageTests(IngestionHost host, ITestOutputHelper output) : IClassFixture<IngestionHost>
{
    [Fact]
    public async Task Every_committed_batch_is_published_once_the_broker_is_back()
    {
        var tenant = TestEvents.NewTenant();
        var sent = 0;
        async Task SendAsync(int batches)
        {
            for (var i = 0; i < batches; i++, sent++)
            {
                var ack = await host.Client.TrackBatchAsync(TestEvents.Batch($"b{sent}", 50), host.AuthFor(tenant));
                Assert.Equal(50, ack.Accepted);
            }
        }

        await SendAsync(5);
        await Eventually.TrueAsync(() => Task.FromResult(Published().Count == 5), "the first batches to be published");

        await host.Infra.StopRabbitMqAsync();
        try
        {
            output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} broker down");
            await SendAsync(20);   // accepted and committed while the broker is down
            Assert.True(await host.Database.ScalarAsync(
                "select count(*) from outbox_messages where payload->>'tenant' = @t and published_at is null", ("t", tenant)) > 0);
        }
        finally
        {
            await host.Infra.StartRabbitMqAsync();
            output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} broker up");
        }
        await SendAsync(5);

        var committed = await CommittedBatchIdsAsync(tenant);
        Assert.Equal(30, committed.Count);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Published().Count == committed.Count), "every committed batch to be published", timeoutSeconds: 150);
        }
        finally
        {
            await using var cmd = host.Database.CreateCommand(
                "select published_at is not null, attempts, coalesce(last_error, ''), next_attempt_at - now() from outbox_messages where payload->>'tenant' = @t order by created_at");
            cmd.Parameters.AddWithValue("t", tenant);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                output.WriteLine($"published={reader.GetBoolean(0)} attempts={reader.GetInt32(1)} next={reader.GetValue(3)} error={reader.GetString(2)}");
            }
            output.WriteLine($"recorded {Published().Count} distinct, {host.Published.Count(p => p.Message.Tenant == tenant)} in all");
        }
        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} all published");

        var published = Published();
        Assert.Equal(committed.Order(), published.Keys.Order());
        Assert.All(published, p => Assert.Equal(p.Key, p.Value.BatchId));
        Assert.Equal(30 * 50, published.Values.Sum(m => m.Events.Count));
        Assert.Equal(30 * 50, published.Values.SelectMany(m => m.Events).Select(e => e.EventId).Distinct().Count());
        Assert.Equal(0, await host.Database.ScalarAsync(
            "select count(*) from outbox_messages where payload->>'tenant' = @t and published_at is null", ("t", tenant)));

        Dictionary<Guid, Contracts.Events.EventBatchIngested> Published() => host.Published
            .Where(p => p.Message.Tenant == tenant)
            .GroupBy(p => p.MessageId!.Value)
            .ToDictionary(g => g.Key, g => g.First().Message);
    }

    private async Task<List<Guid>> CommittedBatchIdsAsync(string tenant)
    {
        await using var cmd = host.Database.CreateCommand("select id from outbox_messages where payload->>'tenant' = @t");
        cmd.Parameters.AddWithValue("t", tenant);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }
}
