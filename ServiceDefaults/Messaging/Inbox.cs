using Npgsql;

namespace Suite.ServiceDefaults.Messaging;

/// <summary>Idempotent consumers: record the message id in the same transaction as the effect.</summary>
public static class Inbox
{
    /// <returns>false when this consumer already applied the message (a redelivery): skip the effect.</returns>
    public static async Task<bool> TryMarkProcessedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, Guid messageId, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(
            "insert into inbox_messages (consumer, message_id) values (@c, @m) on conflict do nothing", connection, transaction);
        cmd.Parameters.AddWithValue("c", consumer);
        cmd.Parameters.AddWithValue("m", messageId);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Several messages in one statement (ids in sorted order, so concurrent transactions lock alike).</summary>
    /// <returns>The ids this consumer had not applied yet: apply only these.</returns>
    public static async Task<IReadOnlySet<Guid>> MarkNewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, IEnumerable<Guid> messageIds, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(
            """
            insert into inbox_messages (consumer, message_id)
            select @c, m from unnest(@m) as m order by m
            on conflict do nothing
            returning message_id
            """, connection, transaction);
        cmd.Parameters.AddWithValue("c", consumer);
        cmd.Parameters.AddWithValue("m", messageIds.Distinct().Order().ToArray());
        var fresh = new HashSet<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            fresh.Add(reader.GetGuid(0));
        }
        return fresh;
    }
}
