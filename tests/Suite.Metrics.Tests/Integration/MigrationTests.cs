using Npgsql;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>Migration 0002 on a database that already holds 0001's minute_counts (an upgraded deployment).</summary>
[Collection(InfraCollection.Name)]
public class MigrationTests(InfraFixture infra)
{
    [Fact]
    public async Task Existing_minute_counts_are_carried_into_the_three_rollup_tables()
    {
        await using var dataSource = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("metrics-migration"));
        await Execute(dataSource, Script("0001_minute_counts.sql"));
        await Execute(dataSource,
            """
            insert into minute_counts values
              ('t1', 'auth', 'LOGIN', '2025-03-10T10:01:00Z', 3),
              ('t1', 'auth', 'LOGIN', '2025-03-10T10:02:00Z', 4),
              ('t1', 'auth', 'LOGIN', '2025-03-10T11:00:00Z', 5),
              ('t2', 'auth', 'LOGIN', '2025-03-11T00:00:00Z', 1)
            """);

        await Execute(dataSource, Script("0002_rollups.sql"));

        Assert.Equal("4 rows 13", await Summary(dataSource, "rollup_minute"));
        Assert.Equal("3 rows 13", await Summary(dataSource, "rollup_hour"));
        Assert.Equal("2 rows 13", await Summary(dataSource, "rollup_day"));
        await using var exists = dataSource.CreateCommand("select to_regclass('minute_counts') is null");
        Assert.True((bool)(await exists.ExecuteScalarAsync())!);
    }

    internal static string Script(string name)
    {
        var assembly = typeof(Suite.Metrics.MetricsServiceExtensions).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> Summary(NpgsqlDataSource dataSource, string table)
    {
        await using var cmd = dataSource.CreateCommand($"select count(*) || ' rows ' || sum(count) from {table}");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
