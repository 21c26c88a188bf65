using System.Text;
using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>
/// Sums a rollup table into buckets for a KPI query: one row per non-empty bucket. The table is the coarsest one
/// that fits the granularity and range (<see cref="RollupTable.Choose"/>).
/// </summary>
public sealed class KpiSeriesReader(NpgsqlDataSource dataSource)
{
    /// <param name="conn">An open connection (with its transaction) to read on; null = a pooled one.</param>
    public async Task<IReadOnlyList<BucketCounts>> ReadAsync(string tenant, KpiQuery query, CancellationToken ct, NpgsqlConnection? conn = null)
    {
        var table = RollupTable.NameOf(RollupTable.Choose(query.Granularity, query.From, query.To));
        await using var own = conn is null ? await dataSource.OpenTenantConnectionAsync(tenant, ct) : null;
        await using var cmd = (conn ?? own!).CreateCommand();
        var numerator = Predicate(cmd, "n", query.Numerator.Where(s => !s.Subtract).ToList());
        var subtracted = Predicate(cmd, "m", query.Numerator.Where(s => s.Subtract).ToList());
        var denominator = Predicate(cmd, "d", query.Denominator);
        var measure = Column(query.Kpi.NumeratorMeasure);
        var dimensions = new StringBuilder();
        foreach (var (column, value) in query.DimensionFilters)
        {
            // Column names come from KpiDefinition.DimensionColumns (a fixed list), values are parameters.
            dimensions.Append($" and {column} = @dim_{column}");
            cmd.Parameters.AddWithValue($"dim_{column}", value);
        }
        cmd.CommandText =
            $"""
            select date_trunc(@unit, bucket, 'UTC') as b,
                   (coalesce(sum({measure}) filter (where {numerator}), 0) - coalesce(sum({measure}) filter (where {subtracted}), 0))::bigint,
                   coalesce(sum({Column(query.Kpi.DenominatorMeasure)}) filter (where {denominator}), 0)::bigint
            from {table}
            where tenant = @tenant and bucket >= @from and bucket < @to and ({numerator} or {subtracted} or {denominator}){dimensions}
            group by 1
            order by 1
            """;
        cmd.Parameters.AddWithValue("unit", query.Granularity.SqlUnit());
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("from", query.From.ToUniversalTime());
        cmd.Parameters.AddWithValue("to", query.To.ToUniversalTime());

        var rows = new List<BucketCounts>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new BucketCounts(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        return rows;
    }

    private static string Column(Measure measure) => measure switch
    {
        Measure.Count => "count",
        Measure.AmountSum => "amount_sum",
        Measure.DurationSum => "duration_sum",
        Measure.DurationCount => "duration_count",
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, null),
    };

    /// <summary>An OR of (domain = … and type = … [and dimension = …]) terms; values are parameters, never SQL text.</summary>
    internal static string Predicate(NpgsqlCommand cmd, string prefix, IReadOnlyList<EventSelector> selectors)
    {
        if (selectors.Count == 0)
        {
            return "false";
        }
        var sql = new StringBuilder("(");
        for (var i = 0; i < selectors.Count; i++)
        {
            var terms = new List<string>();
            if (selectors[i].Domain is { } domain)
            {
                terms.Add($"domain = @{prefix}d{i}");
                cmd.Parameters.AddWithValue($"{prefix}d{i}", domain);
            }
            if (selectors[i].Type is { } type)
            {
                terms.Add($"type = @{prefix}t{i}");
                cmd.Parameters.AddWithValue($"{prefix}t{i}", type);
            }
            var w = 0;
            foreach (var (column, value) in selectors[i].Where ?? new Dictionary<string, string>())
            {
                // Column names are validated against KpiDefinition.DimensionColumns; values are parameters.
                if (!KpiDefinition.DimensionColumns.Values.Contains(column))
                {
                    throw new ArgumentException($"not a rollup dimension: {column}", nameof(selectors));
                }
                terms.Add($"{column} = @{prefix}w{i}_{w}");
                cmd.Parameters.AddWithValue($"{prefix}w{i}_{w++}", value);
            }
            sql.Append(i == 0 ? "" : " or ").Append('(').Append(terms.Count == 0 ? "true" : string.Join(" and ", terms)).Append(')');
        }
        return sql.Append(')').ToString();
    }
}
