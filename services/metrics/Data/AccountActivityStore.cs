using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>account_daily: added to by the consumer (caller's transaction), read per scoring window.</summary>
public static class AccountActivityStore
{
    public static async Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<AccountDay> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            """
            insert into account_daily (tenant, account_id, day, events, logins, tickets_opened, orders)
            select @tenant, r.* from unnest(@accounts, @days, @events, @logins, @tickets, @orders)
                as r(account_id, day, events, logins, tickets_opened, orders)
            order by r.account_id, r.day
            on conflict (tenant, account_id, day) do update set
                events = account_daily.events + excluded.events,
                logins = account_daily.logins + excluded.logins,
                tickets_opened = account_daily.tickets_opened + excluded.tickets_opened,
                orders = account_daily.orders + excluded.orders
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("accounts", rows.Select(r => r.AccountId).ToArray());
        cmd.Parameters.AddWithValue("days", rows.Select(r => r.Day).ToArray());
        cmd.Parameters.AddWithValue("events", rows.Select(r => r.Events).ToArray());
        cmd.Parameters.AddWithValue("logins", rows.Select(r => r.Logins).ToArray());
        cmd.Parameters.AddWithValue("tickets", rows.Select(r => r.TicketsOpened).ToArray());
        cmd.Parameters.AddWithValue("orders", rows.Select(r => r.Orders).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task AddUsersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<(string AccountId, string UserId, DateOnly FirstSeen)> pairs, CancellationToken ct)
    {
        if (pairs.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            """
            insert into account_user_first_seen (tenant, account_id, user_id, first_seen)
            select @tenant, p.* from unnest(@accounts, @users, @days) as p(account_id, user_id, first_seen)
            -- known pairs are skipped before the upsert, which would lock their rows even without changing them; a scalar
            -- subquery is one index probe per pair (NOT EXISTS became an anti join that read the tenant's whole table)
            where coalesce((select k.first_seen from account_user_first_seen k
                            where k.tenant = @tenant and k.account_id = p.account_id and k.user_id = p.user_id), 'infinity') > p.first_seen
            order by p.account_id, p.user_id
            on conflict (tenant, account_id, user_id) do update set first_seen = excluded.first_seen
                where excluded.first_seen < account_user_first_seen.first_seen
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("accounts", pairs.Select(p => p.AccountId).ToArray());
        cmd.Parameters.AddWithValue("users", pairs.Select(p => p.UserId).ToArray());
        cmd.Parameters.AddWithValue("days", pairs.Select(p => p.FirstSeen).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every account with an event in [first, last] (or only <paramref name="accountId"/>), summed over the window.</summary>
    public static async Task<IReadOnlyList<AccountWindow>> ReadWindowAsync(NpgsqlDataSource dataSource, string tenant, DateOnly first, DateOnly last, string? accountId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        return await ReadWindowAsync(new NpgsqlCommand { Connection = conn }, tenant, first, last, accountId, ct);
    }

    /// <summary>On the caller's connection (the ETL reads inside its own transaction).</summary>
    public static Task<IReadOnlyList<AccountWindow>> ReadWindowAsync(NpgsqlConnection connection, string tenant, DateOnly first, DateOnly last, CancellationToken ct) =>
        ReadWindowAsync(new NpgsqlCommand { Connection = connection }, tenant, first, last, null, ct);

    private static async Task<IReadOnlyList<AccountWindow>> ReadWindowAsync(NpgsqlCommand command, string tenant, DateOnly first, DateOnly last, string? accountId, CancellationToken ct)
    {
        await using var cmd = command;
        cmd.CommandText =
            """
            select account_id, count(*) filter (where logins > 0)::int, sum(tickets_opened)::bigint, sum(orders)::bigint
            from account_daily
            where tenant = @tenant and day between @first and @last and (@account::text is null or account_id = @account)
            group by account_id
            order by account_id
            """;
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("first", first);
        cmd.Parameters.AddWithValue("last", last);
        cmd.Parameters.Add(new NpgsqlParameter("account", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)accountId ?? DBNull.Value });
        var result = new List<AccountWindow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new AccountWindow(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        return result;
    }

    /// <summary>Distinct users seen on each of <paramref name="accounts"/> up to <paramref name="last"/> (absent: none).</summary>
    public static async Task<Dictionary<string, long>> UserCountsAsync(NpgsqlDataSource dataSource, string tenant, DateOnly last, IReadOnlyList<string> accounts, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(
            """
            select account_id, count(*) from account_user_first_seen
            where tenant = @tenant and account_id = any(@accounts) and first_seen <= @last
            group by account_id
            """, conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("accounts", accounts.ToArray());
        cmd.Parameters.AddWithValue("last", last);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }

    public static async Task<int> DeleteBeforeAsync(NpgsqlDataSource dataSource, DateOnly cutoff, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("delete from account_daily where day < @cutoff");
        cmd.Parameters.AddWithValue("cutoff", cutoff);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
