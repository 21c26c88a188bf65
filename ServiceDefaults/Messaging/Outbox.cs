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
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { EnqueueJsonCommand<T>(utf8Json, messageId) } };
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The insert of <see cref="EnqueueJsonAsync{T}"/> as a batch command, to travel with the transaction's other
    /// statements in one round trip; <paramref name="utf8Json"/> must stay valid until the batch has run.
    /// </summary>
    public static NpgsqlBatchCommand EnqueueJsonCommand<T>(ReadOnlyMemory<byte> utf8Json, Guid messageId)
        where T : class =>
        new("insert into outbox_messages (id, message_type, payload) values ($1, $2, $3)")
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = messageId },
                new NpgsqlParameter<string> { TypedValue = typeof(T).FullName! },
                new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Json, TypedValue = utf8Json },
            },
        };
}

/// <summary>Wakes the relay right after a commit, so publishing does not wait for the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;
