using System.Net.Mime;
using System.Text;
using System.Text.Json;
using MassTransit;

namespace Suite.ServiceDefaults.Messaging;

/// <summary>
/// Sends an outbox payload that is already JSON without turning it into objects and back: writes MassTransit's
/// standard envelope (<c>application/vnd.masstransit+json</c>, the same one its System.Text.Json serializer writes)
/// around the stored bytes, so consumers see an ordinary message. Set per send by <see cref="OutboxRelay"/>.
/// </summary>
public sealed class PassThroughSerializer(ReadOnlyMemory<byte> messageJson) : IMessageSerializer
{
    public static readonly ContentType EnvelopeContentType = new("application/vnd.masstransit+json");

    public ContentType ContentType => EnvelopeContentType;

    public MessageBody GetMessageBody<T>(SendContext<T> context) where T : class =>
        new EnvelopeBody(WriteEnvelope(context, MessageTypeCache<T>.MessageTypeNames, messageJson.Span));

    /// <summary>The envelope members MassTransit's deserializer reads; the message itself is copied verbatim.</summary>
    public static byte[] WriteEnvelope(SendContext context, IEnumerable<string> messageTypes, ReadOnlySpan<byte> messageJson)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(messageJson.Length + 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteGuid(json, "messageId", context.MessageId);
            WriteGuid(json, "requestId", context.RequestId);
            WriteGuid(json, "correlationId", context.CorrelationId);
            WriteGuid(json, "conversationId", context.ConversationId);
            WriteGuid(json, "initiatorId", context.InitiatorId);
            WriteUri(json, "sourceAddress", context.SourceAddress);
            WriteUri(json, "destinationAddress", context.DestinationAddress);
            WriteUri(json, "responseAddress", context.ResponseAddress);
            WriteUri(json, "faultAddress", context.FaultAddress);
            json.WriteStartArray("messageType");
            foreach (var type in messageTypes)
            {
                json.WriteStringValue(type);
            }
            json.WriteEndArray();
            json.WritePropertyName("message");
            json.WriteRawValue(messageJson, skipInputValidation: true);
            json.WriteString("sentTime", context.SentTime ?? DateTime.UtcNow);
            json.WriteStartObject("headers");
            foreach (var header in context.Headers.GetAll())
            {
                json.WritePropertyName(header.Key);
                JsonSerializer.Serialize(json, header.Value, header.Value?.GetType() ?? typeof(object));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteGuid(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
    }

    private static void WriteUri(Utf8JsonWriter json, string name, Uri? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value.ToString());
        }
    }

    private sealed class EnvelopeBody(byte[] bytes) : MessageBody
    {
        public long? Length => bytes.Length;
        public Stream GetStream() => new MemoryStream(bytes, writable: false);
        public byte[] GetBytes() => bytes;
        public string GetString() => Encoding.UTF8.GetString(bytes);
    }
}
