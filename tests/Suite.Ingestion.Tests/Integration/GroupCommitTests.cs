using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.Testing;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>The service with one commit slot, so concurrent requests are grouped into shared transactions.</summary>
public sealed class SingleCommitHost(InfraFixture infra) : IngestionHost(infra)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Ingestion:MaxConcurrentCommits"] = "1",
    };
}

/// <summary>Group commit against real PostgreSQL: exactly once across grouped requests, and one request's failure stays its own.</summary>
[Collection(InfraCollection.Name)]
public class GroupCommitTests(SingleCommitHost host) : IClassFixture<SingleCommitHost>
{
    private EventStore Store => host.Services.GetRequiredService<EventStore>();

    private static ValidatedEvent Event(Guid id, DateTimeOffset? occurredAt = null)
    {
        var at = occurredAt ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        return new ValidatedEvent(id, "auth", "LOGIN", at, at, null, DateTimeOffset.UtcNow,
            "user-1", null, null, null, null, null, null, null, null, null, null, null, new Dictionary<string, string>(), 1);
    }

    [Fact]
    public async Task Concurrent_requests_sharing_ids_store_each_event_once_and_each_id_is_accepted_once()
    {
        string[] tenants = [TestEvents.NewTenant(), TestEvents.NewTenant()];
        var shared = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        // 40 requests at once: each has 20 ids of its own and 10 of the shared ones, which both tenants send.
        var requests = Enumerable.Range(0, 40).Select(i => (
            Tenant: tenants[i % 2],
            Events: (IReadOnlyList<ValidatedEvent>)[.. Enumerable.Range(0, 20).Select(_ => Event(Guid.NewGuid())), .. shared.Skip(i % 5 * 10).Take(10).Select(id => Event(id))])).ToList();

        var stored = await Task.WhenAll(requests.Select(r => Task.Run(() => Store.AppendAsync(r.Tenant, r.Events, CancellationToken.None))));

        foreach (var tenant in tenants)
        {
            var mine = requests.Select((r, i) => (r, i)).Where(x => x.r.Tenant == tenant).ToList();
            var acceptedIds = mine.SelectMany(x => stored[x.i]).ToList();
            Assert.Equal(acceptedIds.Count, acceptedIds.Distinct().Count());                          // accepted once
            Assert.Equal(20 * 20 + shared.Length, acceptedIds.Count);                                 // every id once
            Assert.Equal(acceptedIds.Count, await host.Database.CountEventsAsync(tenant));             // stored once
            Assert.Equal(acceptedIds.Count, await host.Database.ScalarAsync("select count(*) from event_keys where tenant = @t", ("t", tenant)));
            // The announcements carry exactly the accepted events.
            Assert.Equal(acceptedIds.Count, await host.Database.ScalarAsync(
                "select count(distinct e->>'eventId') from outbox_messages, json_array_elements(payload->'events') e where payload->>'tenant' = @t", ("t", tenant)));
            Assert.Equal(acceptedIds.Count, await host.Database.ScalarAsync(
                "select count(*) from outbox_messages, json_array_elements(payload->'events') e where payload->>'tenant' = @t", ("t", tenant)));
        }
    }

    [Fact]
    public async Task A_request_that_fails_in_the_database_fails_alone_and_its_group_is_stored()
    {
        var tenant = TestEvents.NewTenant();
        // Hold the only commit slot: the first request's key insert waits for this lock, the next ones queue behind it.
        await using var keys = await KeyLock.TakeAsync(host.Database);
        var first = Task.Run(() => Store.AppendAsync(tenant, [Event(Guid.NewGuid())], CancellationToken.None));
        await keys.WaitForBlockedCommitAsync();

        var good1 = Store.AppendAsync(tenant, [Event(Guid.NewGuid()), Event(Guid.NewGuid())], CancellationToken.None);
        // 1990 has no partition: its COPY fails inside the shared transaction.
        var bad = Store.AppendAsync(tenant, [Event(Guid.NewGuid(), new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero))], CancellationToken.None);
        var good2 = Store.AppendAsync(tenant, [Event(Guid.NewGuid())], CancellationToken.None);
        await keys.ReleaseAsync();

        Assert.Single(await first);
        Assert.Equal(2, (await good1).Count);
        Assert.Single(await good2);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(PostgresErrorCodes.UndefinedTable, failure.SqlState);
        Assert.Equal(4, await host.Database.CountEventsAsync(tenant));
        Assert.Equal(4, await host.Database.ScalarAsync("select count(*) from event_keys where tenant = @t", ("t", tenant)));
    }

    [Fact]
    public async Task A_streams_batches_that_arrive_during_a_commit_are_stored_together_and_acked_in_order()
    {
        var tenant = TestEvents.NewTenant();
        await using var keys = await KeyLock.TakeAsync(host.Database);
        using var call = host.Client.Ingest(host.AuthFor(tenant));
        await call.RequestStream.WriteAsync(TestEvents.Batch("b1", 10));
        await keys.WaitForBlockedCommitAsync();

        // While b1's commit waits, the stream reads b2 and b3 (b3 repeats one of b2's events).
        var b2 = TestEvents.Batch("b2", 10);
        var b3 = TestEvents.Batch("b3", 10);
        b3.Events.Add(b2.Events[4]);
        await call.RequestStream.WriteAsync(b2);
        await call.RequestStream.WriteAsync(b3);
        await Task.Delay(TimeSpan.FromSeconds(1));   // nothing to observe the stream's read by; a local read takes microseconds
        await keys.ReleaseAsync();
        await call.RequestStream.CompleteAsync();
        var acks = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(["b1", "b2", "b3"], acks.Select(a => a.BatchId));
        Assert.Equal([(10, 0), (10, 0), (10, 1)], acks.Select(a => (a.Accepted, a.Duplicates)));
        Assert.Equal(EventResult.Types.Outcome.Duplicate, acks[2].Results[10].Outcome);
        Assert.Equal(30, await host.Database.CountEventsAsync(tenant));
        // b1 alone, then b2 and b3 in one transaction: one announcement for both.
        Assert.Equal(2, await host.Database.ScalarAsync("select count(*) from outbox_messages where payload->>'tenant' = @t", ("t", tenant)));
    }
}

/// <summary>An exclusive lock on event_keys, held in an open transaction: every key insert waits until it is released.</summary>
internal sealed class KeyLock : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private KeyLock(NpgsqlDataSource database, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        (_database, _connection, _transaction) = (database, connection, transaction);

    public static async Task<KeyLock> TakeAsync(NpgsqlDataSource database)
    {
        var connection = await database.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var lockKeys = new NpgsqlCommand("lock table event_keys in exclusive mode", connection, transaction);
        await lockKeys.ExecuteNonQueryAsync();
        return new KeyLock(database, connection, transaction);
    }

    /// <summary>Until a commit waits for the lock.</summary>
    public Task WaitForBlockedCommitAsync() => Eventually.TrueAsync(
        async () => await _database.ScalarAsync("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%event_keys%'") > 0,
        "a commit to block on event_keys", timeoutSeconds: 15);

    public Task ReleaseAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
