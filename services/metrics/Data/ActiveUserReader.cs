using Npgsql;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>
/// Distinct-user KPIs from daily_users: for each day bucket D, the users active in the N days ending with D
/// (D-N+1 … D). The total is the distinct users over the union of all windows (counts) or, for ratios, left to the
/// series builder (sum of numerators / sum of denominators).
/// </summary>
public sealed class ActiveUserReader(NpgsqlDataSource dataSource)
{
    public async Task<(IReadOnlyList<BucketCounts> Buckets, (long, long)? Total)> ReadAsync(string tenant, KpiQuery query, ActiveUserWindows windows, CancellationToken ct, NpgsqlConnection? conn = null)
    {
        var days = new List<DateOnly>();
        for (var d = KpiGranularity.Day.BucketStart(query.From); d < query.To; d = d.AddDays(1))
        {
            days.Add(DateOnly.FromDateTime(d.UtcDateTime));
        }

        NpgsqlCommand Command(string sql)
        {
            var command = conn?.CreateCommand() ?? dataSource.CreateCommand();
            command.CommandText = sql;
            return command;
        }

        // DAU alone (no denominator) is kept per day by the consumer; wider windows count distinct users per window.
        await using var cmd = Command(windows is { NumeratorDays: 1, DenominatorDays: 0 }
            ? """
            select d.day, coalesce(c.users, 0), 0::bigint
            from unnest(@days) as d(day)
            left join daily_active_counts c on c.tenant = @tenant and c.day = d.day
            order by 1
            """
            : """
            select d.day,
                   (select count(distinct u.user_id) from daily_users u
                    where u.tenant = @tenant and u.day > d.day - @n and u.day <= d.day),
                   case when @all_known
                        then (select count(*) from user_first_seen f
                              where f.tenant = @tenant and f.first_seen_at < (d.day + 1)::timestamp at time zone 'UTC')
                        else (select count(distinct u.user_id) from daily_users u
                              where u.tenant = @tenant and u.day > d.day - @d and u.day <= d.day)
                   end
            from unnest(@days) as d(day)
            order by 1
            """);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("n", windows.NumeratorDays);
        cmd.Parameters.AddWithValue("d", windows.DenominatorDays);
        cmd.Parameters.AddWithValue("all_known", windows.DenominatorAllKnown);
        cmd.Parameters.AddWithValue("days", days.ToArray());
        var rows = new List<BucketCounts>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var day = reader.GetFieldValue<DateOnly>(0);
                rows.Add(new BucketCounts(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        if (query.Kpi.IsQuotient || days.Count == 0)
        {
            return (rows, null);
        }

        // One index probe per known user instead of sorting every (day, user) row of the range.
        await using var total = Command(
            """
            select count(*) from user_first_seen f
            where f.tenant = @tenant
              and exists (select 1 from daily_users u where u.tenant = @tenant and u.user_id = f.user_id and u.day > @first - @n and u.day <= @last)
            """);
        total.Parameters.AddWithValue("tenant", tenant);
        total.Parameters.AddWithValue("first", days[0]);
        total.Parameters.AddWithValue("last", days[^1]);
        total.Parameters.AddWithValue("n", windows.NumeratorDays);
        var users = (long)(await total.ExecuteScalarAsync(ct))!;
        return (rows, (users, 0));
    }
}
