using Grpc.Core;
using Npgsql;
using Suite.Contracts.Ingestion.V1;
using Suite.Hosting.Processes;
using Suite.ServiceDefaults.Data;
using Suite.Testing;
using Xunit.Abstractions;
using IngestionClient = Suite.Contracts.Ingestion.V1.Ingestion.IngestionClient;
using Outcome = Suite.Contracts.Ingestion.V1.EventResult.Types.Outcome;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>
/// kill -9 of the real service process in the middle of a streaming load; after a restart the client resends every
/// batch it has no ack for: every acknowledged event is stored exactly once, and so is every event in the end.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class CrashRecoveryTests(InfraFixture infra, ITestOutputHelper output) : IDisposable
{
    private const int Batches = 80;
    private const int EventsPerBatch = 250;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("suite-ingestion-crash-").FullName;
    private ProcessTracker? _tracker;

    [Fact]
    public async Task Every_acknowledged_event_is_stored_exactly_once_after_a_kill_and_resend()
    {
        var database = await infra.CreateServiceDatabaseAsync("ingestion_crash");
        var rabbitMq = await infra.CreateVirtualHostAsync("ingestion-crash");
        _tracker = new ProcessTracker(_stateDir, deleteStateDirOnOrphan: true);
        var log = Path.Combine(_stateDir, "ingestion.log");
        var settings = ServiceFactory.Settings("ingestion", database, rabbitMq);
        const string tenant = "crash-test";
        var headers = new Metadata { { "Authorization", "Bearer " + infra.TokenFor(tenant) } };
        var batches = Enumerable.Range(0, Batches).Select(i => TestEvents.Batch($"b{i:D3}", EventsPerBatch, user: $"u{i % 7}")).ToList();

        // 1. Stream everything without waiting for acks; kill -9 once a third of the batches are acknowledged.
        var acked = new HashSet<string>();
        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} starting the service");
        using (var first = await ServiceProcess.StartAsync("ingestion", _tracker, settings, log))
        {
            using var call = new IngestionClient(first.Channel).Ingest(headers);
            var sending = Task.Run(async () =>
            {
                try
                {
                    foreach (var batch in batches)
                    {
                        await call.RequestStream.WriteAsync(batch);
                    }
                    await call.RequestStream.CompleteAsync();
                }
                catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
                {
                    // the server died under the writer
                }
            });
            try
            {
                await foreach (var ack in call.ResponseStream.ReadAllAsync())
                {
                    Assert.Equal(EventsPerBatch, ack.Accepted);
                    acked.Add(ack.BatchId);
                    if (acked.Count == Batches / 3)
                    {
                        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} kill -9 after {acked.Count} acks");
                        await first.KillAsync();
                    }
                }
            }
            catch (Exception ex) when (ex is RpcException or IOException)
            {
                // the stream broke: expected after the kill
            }
            output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} stream ended after {acked.Count} acks");
            await sending;
            Assert.True(first.HasExited);
        }
        Assert.InRange(acked.Count, Batches / 3, Batches - 1);

        await using var db = NpgsqlDataSource.Create(SystemScope.AllTenantsConnectionString(database));
        var ackedIds = batches.Where(b => acked.Contains(b.BatchId)).SelectMany(b => b.Events).Select(e => Guid.Parse(e.EventId)).ToList();
        Assert.Equal(ackedIds.Count, await StoredAsync(db, ackedIds));

        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} restarting");
        // 2. Restart on the same database; resend every batch without an ack, plus one that had one (a cautious client).
        using (var second = await ServiceProcess.StartAsync("ingestion", _tracker, settings, log))
        {
            var resend = batches.Where(b => !acked.Contains(b.BatchId)).Append(batches.First(b => acked.Contains(b.BatchId))).ToList();
            using var call = new IngestionClient(second.Channel).Ingest(headers);
            // Write and read at the same time: acks are flow-controlled too, a client that only writes stalls.
            var sending = Task.Run(async () =>
            {
                foreach (var batch in resend)
                {
                    await call.RequestStream.WriteAsync(batch);
                }
                await call.RequestStream.CompleteAsync();
            });
            var acks = await call.ResponseStream.ReadAllAsync().ToListAsync();
            await sending;

            Assert.Equal(resend.Select(b => b.BatchId), acks.Select(a => a.BatchId));
            Assert.All(acks, a => Assert.Equal(0, a.Rejected));
            Assert.All(acks[^1].Results, r => Assert.Equal(Outcome.Duplicate, r.Outcome));
            // Batches in flight at the kill may have committed without an ack: their resend is all duplicates.
            Assert.Equal(Batches * EventsPerBatch - ackedIds.Count, acks.Sum(a => a.Accepted + a.Duplicates) - EventsPerBatch);
        }

        // 3. Exactly once: every event stored once, with its key, announced in exactly one outbox message.
        Assert.Equal(Batches * EventsPerBatch, await db.ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant)));
        Assert.Equal(Batches * EventsPerBatch, await db.ScalarAsync("select count(distinct event_id) from events_raw where tenant = @t", ("t", tenant)));
        Assert.Equal(Batches * EventsPerBatch, await db.ScalarAsync("select count(*) from event_keys where tenant = @t", ("t", tenant)));
        Assert.Equal(Batches * EventsPerBatch, await db.ScalarAsync(
            "select count(distinct e->>'eventId') from outbox_messages, json_array_elements(payload->'events') e where payload->>'tenant' = @t", ("t", tenant)));
        Assert.Equal(Batches * EventsPerBatch, await db.ScalarAsync(
            "select count(*) from outbox_messages, json_array_elements(payload->'events') e where payload->>'tenant' = @t", ("t", tenant)));
    }

    private static async Task<long> StoredAsync(NpgsqlDataSource db, List<Guid> ids)
    {
        await using var cmd = db.CreateCommand("select count(*) from events_raw where event_id = any(@ids)");
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        _tracker?.Dispose();
        if (Environment.GetEnvironmentVariable("SUITE_TEST_KEEP") == "1")
        {
            return;
        }
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
