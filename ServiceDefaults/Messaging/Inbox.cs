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
}
