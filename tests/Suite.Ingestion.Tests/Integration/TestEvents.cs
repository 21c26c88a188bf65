using Google.Protobuf.WellKnownTypes;
using Npgsql;
using Suite.Contracts.Ingestion.V1;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>Events, batches and tenants for integration tests; queries against the test database.</summary>
public static class TestEvents
{
    /// <summary>A fresh tenant per test, so tests sharing a class database never see each other's rows.</summary>
    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static Event New(string type = "LOGIN", string user = "user-1", TimeSpan? age = null) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        Domain = "auth",
        Type = type,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - (age ?? TimeSpan.FromMinutes(1))),
        UserId = user,
    };

    public static EventBatch Batch(string id, int events, string user = "user-1") =>
        new() { BatchId = id, Events = { Enumerable.Range(0, events).Select(_ => New(user: user)) } };

    public static async Task<long> ScalarAsync(this NpgsqlDataSource db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public static Task<long> CountEventsAsync(this NpgsqlDataSource db, string tenant) =>
        db.ScalarAsync("select count(*) from events_raw where tenant = @t", ("t", tenant));
}
