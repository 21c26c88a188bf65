using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Jobs;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Messaging;
using Suite.Testing;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>The retention job against real PostgreSQL, with a fake clock in 2030 (so the months are under test control).</summary>
[Collection(InfraCollection.Name)]
public class RetentionTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(SystemScope.AllTenantsConnectionString(await infra.CreateServiceDatabaseAsync("ingestion_retention")));
        await SqlMigrator.MigrateAsync(_db,
        [
            .. SqlMigrator.ScriptsFrom(typeof(Outbox).Assembly, "suite"),
            .. SqlMigrator.ScriptsFrom(typeof(EventStore).Assembly, "ingestion"),
        ]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private PartitionRetentionJob Job(FakeTimeProvider clock, IngestionPolicy policy, out PartitionMaintenance partitions)
    {
        partitions = new PartitionMaintenance(_db);
        using var meters = new TestMeterFactory();
        var metrics = new IngestionMetrics(meters, new TestEnvironment());
        return new PartitionRetentionJob(partitions, policy, metrics, clock, NullLogger<PartitionRetentionJob>.Instance);
    }

    /// <summary>One event (and its key) on the 10th of each month from December 2029 to July 2030.</summary>
    private async Task SeedAsync(PartitionMaintenance partitions)
    {
        await partitions.EnsureAsync(new DateTimeOffset(2029, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 8, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);
        for (var m = new DateTimeOffset(2029, 12, 10, 0, 0, 0, TimeSpan.Zero); m < new DateTimeOffset(2030, 8, 1, 0, 0, 0, TimeSpan.Zero); m = m.AddMonths(1))
        {
            await using var cmd = _db.CreateCommand(
                """
                insert into event_keys (tenant, event_id, occurred_at) values ('t', @id, @at);
                insert into events_raw (tenant, event_id, domain, type, occurred_at, client_occurred_at, received_at) values ('t', @id, 'auth', 'LOGIN', @at, @at, @at);
                """);
            cmd.Parameters.AddWithValue("id", Guid.NewGuid());
            cmd.Parameters.AddWithValue("at", m);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Drops_the_partitions_past_retention_and_the_keys_of_their_events()
    {
        var clock = new FakeTimeProvider(Now);
        var job = Job(clock, IngestionPolicy.Default, out var partitions);
        await SeedAsync(partitions);

        var dropped = await job.RunOnceAsync(CancellationToken.None);

        // 90 days before 2030-06-15 is 2030-03-17: December, January and February have only older events.
        Assert.Equal(["events_raw_p202912", "events_raw_p203001", "events_raw_p203002"], dropped);
        var left = await partitions.ListAsync(CancellationToken.None);
        Assert.Equal(["events_raw_p203003", "events_raw_p203004", "events_raw_p203005", "events_raw_p203006", "events_raw_p203007", "events_raw_p203008"], left);
        Assert.Equal(5, await _db.ScalarAsync("select count(*) from events_raw"));
        Assert.Equal(0, await _db.ScalarAsync("select count(*) from event_keys where occurred_at < '2030-03-01'"));
        // Keys live as long as their events: every remaining event still has its key.
        Assert.Equal(5, await _db.ScalarAsync("select count(*) from event_keys"));
        Assert.Equal(0, await _db.ScalarAsync("select count(*) from events_raw e where not exists (select 1 from event_keys k where k.event_id = e.event_id and k.tenant = e.tenant)"));

        // Running again the same day changes nothing; a month later, March goes.
        Assert.Empty(await job.RunOnceAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(["events_raw_p203003"], await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(4, await _db.ScalarAsync("select count(*) from event_keys"));
    }

    [Fact]
    public async Task A_key_outlives_a_crash_between_drop_and_purge_and_goes_on_the_next_start()
    {
        var clock = new FakeTimeProvider(Now);
        _ = Job(clock, IngestionPolicy.Default, out var partitions);
        await SeedAsync(partitions);
        // The partition is gone but the process died before deleting keys.
        await partitions.DropAsync("events_raw_p202912", CancellationToken.None);
        Assert.Equal(1, await _db.ScalarAsync("select count(*) from event_keys where occurred_at < '2030-01-01'"));

        var restarted = Job(clock, IngestionPolicy.Default, out _);
        await restarted.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, await _db.ScalarAsync("select count(*) from event_keys where occurred_at < '2030-03-01'"));
        Assert.Equal(0, await _db.ScalarAsync("select count(*) from ingestion_key_purge_owed"));
    }

    [Fact]
    public async Task A_start_with_no_purge_owed_does_not_search_the_keys()
    {
        var clock = new FakeTimeProvider(Now);
        var job = Job(clock, IngestionPolicy.Default, out var partitions);
        await SeedAsync(partitions);
        Assert.Equal(3, (await job.RunOnceAsync(CancellationToken.None)).Count);
        // A key whose partition went long ago with no purge owed (e.g. left by an older version): a restart does not go
        // looking for it, which meant reading the whole key table on every start.
        await using (var stray = _db.CreateCommand("insert into event_keys (tenant, event_id, occurred_at) values ('t', gen_random_uuid(), '2029-06-01')"))
        {
            await stray.ExecuteNonQueryAsync();
        }

        var restarted = Job(clock, IngestionPolicy.Default, out _);
        Assert.Empty(await restarted.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await _db.ScalarAsync("select count(*) from event_keys where occurred_at < '2030-03-01'"));

        // The next drop's purge takes it.
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(["events_raw_p203003"], await restarted.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await _db.ScalarAsync("select count(*) from event_keys where occurred_at < '2030-04-01'"));
    }

    [Fact]
    public async Task Append_only_tables_get_a_throttled_autovacuum()
    {
        var partitions = new PartitionMaintenance(_db);
        await partitions.EnsureAsync(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2031, 3, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(3, await _db.ScalarAsync(@"select count(*) from pg_class where relkind = 'r' and relname like 'events\_raw\_p2031%'"));
        var unthrottled = await _db.ScalarAsync(
            @"select count(*) from pg_class
              where relkind = 'r' and (relname = 'event_keys' or relname like 'events\_raw\_p%')
                and not (coalesce(reloptions, '{}') @> '{autovacuum_vacuum_cost_delay=20,autovacuum_vacuum_cost_limit=100}')");
        Assert.Equal(0, unthrottled);
    }

    [Fact]
    public async Task Refuses_to_drop_anything_that_is_not_an_event_partition()
    {
        var partitions = new PartitionMaintenance(_db);
        await Assert.ThrowsAsync<ArgumentException>(() => partitions.DropAsync("event_keys", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => partitions.DropAsync("events_raw_p202401; drop table event_keys", CancellationToken.None));
        Assert.False(await partitions.DropAsync("events_raw_p199901", CancellationToken.None));
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "Suite.Ingestion";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}

/// <summary>A meter factory for tests (instruments are created but not exported).</summary>
internal sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
{
    private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

    public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
    {
        var meter = new System.Diagnostics.Metrics.Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
