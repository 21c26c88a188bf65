using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Suite.ServiceDefaults.Messaging;

/// <summary>Writes integration events into outbox_messages inside the caller's transaction.</summary>
public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="messageId">Becomes the MassTransit MessageId, so consumers can de-duplicate on it.</param>
    public static Task EnqueueAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T message, Guid messageId, CancellationToken ct = default)
        where T : class =>
        EnqueueJsonAsync<T>(connection, transaction, JsonSerializer.SerializeToUtf8Bytes(message, Json), messageId, ct);

    /// <summary>
    /// Same as <see cref="EnqueueAsync{T}"/> for a payload the caller already serialised to UTF-8 JSON (with the same
    /// web defaults: camelCase names), for hot paths that write large messages without the reflection serializer.
    /// </summary>
    public static async Task EnqueueJsonAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, ReadOnlyMemory<byte> utf8Json, Guid messageId, CancellationToken ct = default)
        where T : class
    {
        await using var cmd = new NpgsqlCommand(
            "insert into outbox_messages (id, message_type, payload) values (@id, @type, @payload)", connection, transaction);
        cmd.Parameters.AddWithValue("id", messageId);
        cmd.Parameters.AddWithValue("type", typeof(T).FullName!);
        cmd.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("payload", NpgsqlDbType.Json) { TypedValue = utf8Json });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Wakes the relay right after a commit, so publishing does not wait for the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;
