using Npgsql;

namespace Suite.Metrics.Tests.Integration;

/// <summary>Writes account_daily rows directly: the activity the nightly ETL scores health from, without events.</summary>
public static class AccountDailyRows
{
    public static async Task InsertAsync(NpgsqlDataSource db, string tenant, string account, DateOnly day, int logins, int tickets = 0, int orders = 0)
    {
        await using var cmd = db.CreateCommand(
            "insert into account_daily (tenant, account_id, day, events, logins, tickets_opened, orders) values (@t, @a, @d, 1, @l, @k, @o)");
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("a", account);
        cmd.Parameters.AddWithValue("d", day);
        cmd.Parameters.AddWithValue("l", logins);
        cmd.Parameters.AddWithValue("k", tickets);
        cmd.Parameters.AddWithValue("o", orders);
        await cmd.ExecuteNonQueryAsync();
    }
}
