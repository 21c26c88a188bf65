using System.Text;
using Npgsql;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>Sums minute_counts into buckets for a KPI query: one row per non-empty bucket.</summary>
public sealed class KpiSeriesReader(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<BucketCounts>> ReadAsync(string tenant, KpiQuery query, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var numerator = Predicate(cmd, "n", query.Numerator);
        var denominator = Predicate(cmd, "d", query.Denominator);
        cmd.CommandText =
            $"""
            select date_trunc(@unit, minute, 'UTC') as bucket,
                   coalesce(sum(count) filter (where {numerator}), 0)::bigint,
                   coalesce(sum(count) filter (where {denominator}), 0)::bigint
            from minute_counts
            where tenant = @tenant and minute >= @from and minute < @to and ({numerator} or {denominator})
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

    /// <summary>An OR of (domain = … and type = …) terms; values are parameters, never SQL text.</summary>
    private static string Predicate(NpgsqlCommand cmd, string prefix, IReadOnlyList<EventSelector> selectors)
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
            sql.Append(i == 0 ? "" : " or ").Append('(').Append(terms.Count == 0 ? "true" : string.Join(" and ", terms)).Append(')');
        }
        return sql.Append(')').ToString();
    }
}
