using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Suite.ServiceDefaults.Grpc;

/// <summary>
/// Checks every request can rely on before a handler runs: a Timestamp or Duration outside protobuf's valid range
/// parses fine but throws when converted (ToDateTime), which would surface as INTERNAL from deep inside a handler.
/// </summary>
public static class WellFormed
{
    private const long MinSeconds = -62135596800;   // 0001-01-01T00:00:00Z
    private const long MaxSeconds = 253402300799;   // 9999-12-31T23:59:59Z
    private const long MaxDurationSeconds = 315576000000;
    private const int MaxDepth = 16;

    /// <returns>The path of the first invalid Timestamp/Duration field outside repeated fields (e.g. "subscription.start_at"), or null.</returns>
    public static string? InvalidTimeField(IMessage message) => Find(message, "", 0);

    private static string? Find(IMessage message, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }
            var name = path.Length == 0 ? field.Name : path + "." + field.Name;
            var value = field.Accessor.GetValue(message);
            // Items of repeated fields are left to the handler: a batch answers per item (ingestion rejects one
            // event's bad time without sinking the rest of its batch).
            var found = value is IMessage single ? Check(single, name, depth) : null;
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    private static string? Check(IMessage value, string path, int depth) => value switch
    {
        Timestamp t => t.Seconds is < MinSeconds or > MaxSeconds || t.Nanos is < 0 or > 999_999_999 ? path : null,
        Duration d => Math.Abs(d.Seconds) > MaxDurationSeconds || Math.Abs(d.Nanos) > 999_999_999 || (d.Seconds != 0 && d.Nanos != 0 && Math.Sign(d.Seconds) != Math.Sign(d.Nanos)) ? path : null,
        _ => Find(value, path, depth + 1),
    };
}
