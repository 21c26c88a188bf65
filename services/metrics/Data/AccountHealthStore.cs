using Npgsql;
using Suite.Contracts.Events;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Metrics.Data;

/// <summary>
/// Stores a day's account health scores and announces band changes against the previous day (AccountHealthChanged
/// through the outbox), inside the ETL's transaction. Only the day's first computation announces: a re-run replaces
/// the scores without publishing again.
/// </summary>
public static class AccountHealthStore
{
    /// <returns>How many band changes were announced.</returns>
    public static async Task<int> RecordDayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        var (first, last) = AccountHealth.WindowOf(day);
        var scores = (await AccountActivityStore.ReadWindowAsync(conn, tenant, first, last, ct)).Select(AccountHealth.Score).ToList();
        var previous = await ReadDayAsync(conn, tx, tenant, day.AddDays(-1), ct);
        var firstComputation = !await ExistsAsync(conn, tx, tenant, day, ct);

        await using (var delete = new NpgsqlCommand("delete from account_health where tenant = @t and day = @d", conn, tx))
        {
            delete.Parameters.AddWithValue("t", tenant);
            delete.Parameters.AddWithValue("d", day);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using (var insert = new NpgsqlCommand(
            "insert into account_health (tenant, day, account_id, score, band) select @t, @d, a, s, b from unnest(@a, @s, @b) as x(a, s, b)", conn, tx))
        {
            insert.Parameters.AddWithValue("t", tenant);
            insert.Parameters.AddWithValue("d", day);
            insert.Parameters.AddWithValue("a", scores.Select(s => s.AccountId).ToArray());
            insert.Parameters.AddWithValue("s", scores.Select(s => s.Score).ToArray());
            insert.Parameters.AddWithValue("b", scores.Select(s => s.Band.Name()).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }
        if (!firstComputation)
        {
            return 0;
        }
        var changes = AccountHealth.BandChanges(previous, scores);
        foreach (var (current, previousScore, previousBand) in changes)
        {
            await Outbox.EnqueueAsync(conn, tx, new AccountHealthChanged(tenant, current.AccountId, day, previousScore, previousBand.Name(),
                current.Score, current.Band.Name(), now), Guid.CreateVersion7(now), ct);
        }
        return changes.Count;
    }

    private static async Task<Dictionary<string, double>> ReadDayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, DateOnly day, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select account_id, score from account_health where tenant = @t and day = @d", conn, tx);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("d", day);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            scores[reader.GetString(0)] = reader.GetDouble(1);
        }
        return scores;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, DateOnly day, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select exists (select 1 from account_health where tenant = @t and day = @d)", conn, tx);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("d", day);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
