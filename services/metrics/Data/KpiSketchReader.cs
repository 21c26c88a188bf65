using System.Text;
using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>
/// Reads the duration sketches of a percentile KPI's rows (same table choice, range and filters as
/// <see cref="KpiSeriesReader"/>; rollup_sketch_* when nothing filters on a dimension), labelled with their series
/// bucket; merging happens in <see cref="KpiSeriesBuilder.BuildQuantile"/>.
/// </summary>
public sealed class KpiSketchReader(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<(DateTimeOffset Start, DurationSketch Sketch)>> ReadAsync(string tenant, KpiQuery query, CancellationToken ct, NpgsqlConnection? conn = null)
    {
        // Without dimension conditions the dimensionless sketches answer: one per (domain, type, bucket).
        var granularity = RollupTable.Choose(query.Granularity, query.From, query.To);
        var dimensionless = query.DimensionFilters.Count == 0 && query.Numerator.All(s => s.Where is not { Count: > 0 });
        var table = dimensionless ? RollupTable.SketchTableOf(granularity) : RollupTable.NameOf(granularity);
        await using var own = conn is null ? await dataSource.OpenTenantConnectionAsync(tenant, ct) : null;
        await using var cmd = (conn ?? own!).CreateCommand();
        var selected = KpiSeriesReader.Predicate(cmd, "n", query.Numerator);
        var dimensions = new StringBuilder();
        foreach (var (column, value) in query.DimensionFilters)
        {
            dimensions.Append($" and {column} = @dim_{column}");
            cmd.Parameters.AddWithValue($"dim_{column}", value);
        }
        cmd.CommandText =
            $"""
            select date_trunc(@unit, bucket, 'UTC'), duration_sketch::text
            from {table}
            where tenant = @tenant and bucket >= @from and bucket < @to and duration_sketch is not null and {selected}{dimensions}
            """;
        cmd.Parameters.AddWithValue("unit", query.Granularity.SqlUnit());
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("from", query.From.ToUniversalTime());
        cmd.Parameters.AddWithValue("to", query.To.ToUniversalTime());

        var rows = new List<(DateTimeOffset, DurationSketch)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetFieldValue<DateTimeOffset>(0), DurationSketch.FromJson(reader.GetString(1))));
        }
        return rows;
    }
}
