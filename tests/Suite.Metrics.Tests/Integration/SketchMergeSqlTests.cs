using Npgsql;
using Suite.Metrics.Domain;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>
/// The rollup upsert merges sketches in SQL (metrics_sketch_merge, replaced by migration 0014 with a merge that touches
/// only the delta's buckets): it must equal the C# <see cref="DurationSketch.Merge"/> the readers rely on.
/// </summary>
[Collection(InfraCollection.Name)]
public class SketchMergeSqlTests(InfraFixture infra)
{
    [Fact]
    public async Task The_sql_merge_equals_the_domain_merge_for_random_sketches()
    {
        await using var dataSource = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("metrics-sketch-merge"));
        foreach (var script in new[] { "0004_duration_sketches.sql", "0014_sketch_merge_by_delta.sql" })
        {
            await using var migrate = dataSource.CreateCommand(
                // 0004 alters the rollup tables; only its function matters here
                script.StartsWith("0004", StringComparison.Ordinal) ? FunctionOnly(MigrationTests.Script(script)) : MigrationTests.Script(script));
            await migrate.ExecuteNonQueryAsync();
        }

        var random = new Random(7);
        DurationSketch RandomSketch(int values) =>
            DurationSketch.Of(Enumerable.Range(0, values).Select(_ => random.Next(10) == 0 ? 0L : (long)Math.Exp(random.NextDouble() * 12)));
        var cases = new List<(string? A, string? B)> { (null, null), (null, "{\"3\":1}"), ("{\"3\":1}", null), ("{\"z\":2}", "{}"), ("{}", "{\"z\":2}") };
        for (var i = 0; i < 200; i++)
        {
            cases.Add((RandomSketch(random.Next(1, 400)).ToJson(), RandomSketch(random.Next(1, 6)).ToJson()));
        }

        await using var cmd = dataSource.CreateCommand("select metrics_sketch_merge(a, b)::text from unnest(@a, @b) with ordinality as p(a, b, n) order by n");
        cmd.Parameters.Add(new NpgsqlParameter("a", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = cases.Select(c => c.A).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("b", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = cases.Select(c => c.B).ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync();
        var index = 0;
        while (await reader.ReadAsync())
        {
            var (a, b) = cases[index++];
            if (a is null && b is null)
            {
                Assert.True(reader.IsDBNull(0));
                continue;
            }
            var expected = (a is null ? new DurationSketch() : DurationSketch.FromJson(a)).Merge(b is null ? new DurationSketch() : DurationSketch.FromJson(b));
            Assert.Equal(expected.ToJson(), DurationSketch.FromJson(reader.GetString(0)).ToJson());
        }
        Assert.Equal(cases.Count, index);
    }

    private static string FunctionOnly(string script) => script[script.IndexOf("create or replace function", StringComparison.Ordinal)..];
}
