using Npgsql;
using Suite.ServiceDefaults.Data;
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
        if (days.Count == 0)
        {
            return ([], query.Kpi.IsQuotient ? null : (0, 0));
        }

        // Without the caller's connection: one of this tenant's for all the reads below.
        await using var own = conn is null ? await dataSource.OpenTenantConnectionAsync(tenant, ct) : null;
        var connection = conn ?? own!;

        NpgsqlCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("days", days.ToArray());
            return command;
        }

        async Task<long[]> CountsAsync(NpgsqlCommand cmd)
        {
            await using (cmd)
            {
                var counts = new long[days.Count];
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                for (var i = 0; i < days.Count && await reader.ReadAsync(ct); i++)
                {
                    counts[i] = reader.GetInt64(1);
                }
                return counts;
            }
        }

        Task<long[]> ActiveAsync(int window)
        {
            // DAU, WAU and MAU are kept per day by the consumer.
            if (window == 1)
            {
                return CountsAsync(Command(
                    """
                    select d.day, coalesce(c.users, 0)
                    from unnest(@days) as d(day)
                    left join daily_active_counts c on c.tenant = @tenant and c.day = d.day
                    order by 1
                    """));
            }
            // WAU and MAU: the catalog's distinct-user KPIs use only these windows.
            if (!ActiveWindows.Kept.Contains(window))
            {
                throw new InvalidOperationException($"no per-day counts are kept for a {window}-day window");
            }
            var kept = Command(
                """
                select d.day, coalesce(c.users, 0)
                from unnest(@days) as d(day)
                left join daily_window_counts c on c.tenant = @tenant and c.window_days = @w and c.day = d.day
                order by 1
                """);
            kept.Parameters.AddWithValue("w", window);
            return CountsAsync(kept);
        }

        if (windows.AccountDensity)
        {
            // Running sums over the first day of each (account, user) pair and of each account.
            var pairs = Command(
                """
                with firsts as (
                    select first_seen as day, 1 as pairs, 0 as accounts from account_user_first_seen where tenant = @tenant
                    union all
                    select min(first_seen), 0, 1 from account_user_first_seen where tenant = @tenant group by account_id),
                running as (select day, sum(sum(pairs)) over (order by day) as pairs, sum(sum(accounts)) over (order by day) as accounts
                            from firsts group by day)
                select d.day, coalesce(r.pairs, 0)::bigint, coalesce(r.accounts, 0)::bigint
                from unnest(@days) as d(day)
                left join lateral (select pairs, accounts from running where running.day <= d.day order by running.day desc limit 1) r on true
                order by 1
                """);
            await using (pairs)
            {
                var result = new List<BucketCounts>();
                await using var reader = await pairs.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var day = reader.GetFieldValue<DateOnly>(0);
                    result.Add(new BucketCounts(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), reader.GetInt64(1), reader.GetInt64(2)));
                }
                return (result, null);
            }
        }

        var numerator = await ActiveAsync(windows.NumeratorDays);
        var denominator = windows.DenominatorAllKnown
            ? await CountsAsync(Command(
                """
                select d.day, (select count(*) from user_first_seen f
                               where f.tenant = @tenant and f.first_seen_at < (d.day + 1)::timestamp at time zone 'UTC')
                from unnest(@days) as d(day)
                order by 1
                """))
            : windows.DenominatorDays > 0 ? await ActiveAsync(windows.DenominatorDays) : new long[days.Count];
        var rows = days.Select((day, i) => new BucketCounts(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), numerator[i], denominator[i])).ToList();
        if (query.Kpi.IsQuotient)
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
        total.Parameters.AddWithValue("first", days[0]);
        total.Parameters.AddWithValue("last", days[^1]);
        total.Parameters.AddWithValue("n", windows.NumeratorDays);
        var users = (long)(await total.ExecuteScalarAsync(ct))!;
        return (rows, (users, 0));
    }
}
