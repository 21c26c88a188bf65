using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Suite.EndToEnd.Tests.Fuzz;

/// <summary>The kinds of hostile input, each a different way a request body can be wrong.</summary>
public enum FuzzKind
{
    RandomBytes,
    TruncatedMessage,
    WrongWireType,
    HugeString,
    InvalidUtf8,
    HostileStrings,
    ExtremeNumbers,
}

/// <summary>
/// Generates request bodies for any protobuf message from its descriptor, deterministically from a seed: structurally
/// valid messages whose fields hold hostile values, and byte strings that are not valid messages at all.
/// </summary>
public static class FuzzInputs
{
    /// <summary>Injection and oddity strings put into every text field of a structurally valid message.</summary>
    public static readonly string[] Hostile =
    [
        "'; drop table events_raw; --",
        "\" or 1=1 --",
        "1' union select tenant, null from event_keys --",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(document.cookie)>",
        "{{7*7}} ${jndi:ldap://x/a} %s%s%n",
        "../../../../etc/passwd",
        "\0\0\0",
        "line\r\nX-Injected: 1",
        "\u202Egnp.exe",
        "e\u0301\u0301\u0301\u0301 👨‍👩‍👧‍👦 \uFFFD \uD7FF",
        "   ",
        "",
        "null",
        "NaN",
        "-1",
        "9999999999999999999999999999",
        "2026-13-45T25:61:61Z",
        "{\"$where\": \"sleep(1000)\"}",
        "jane.doe@example.com +1 (555) 010-9999 4111 1111 1111 1111 192.168.10.20",
        new string('A', 10_000),
        string.Concat(Enumerable.Repeat("ü", 5_000)),
    ];

    public static FuzzKind KindFor(int i) => (FuzzKind)(i % System.Enum.GetValues<FuzzKind>().Length);

    public static byte[] Generate(MessageDescriptor type, FuzzKind kind, Random random) => kind switch
    {
        FuzzKind.RandomBytes => RandomBytes(random, random.Next(0, 2048)),
        FuzzKind.TruncatedMessage => Truncate(Build(type, random, StringMode.Hostile, depth: 0).ToByteArray(), random),
        FuzzKind.WrongWireType => WrongWireType(type, random),
        FuzzKind.HugeString => Build(type, random, StringMode.Huge, depth: 0).ToByteArray(),
        FuzzKind.InvalidUtf8 => InvalidUtf8(type, random),
        FuzzKind.HostileStrings => Build(type, random, StringMode.Hostile, depth: 0).ToByteArray(),
        FuzzKind.ExtremeNumbers => Build(type, random, StringMode.Plausible, depth: 0, extremeNumbers: true).ToByteArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private enum StringMode { Plausible, Hostile, Huge }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Truncate(byte[] message, Random random) =>
        message.Length < 2 ? [0x0A, 0x05, 0x41] : message[..random.Next(1, message.Length)];

    /// <summary>A valid message with one field repeated under its number but the wrong wire type.</summary>
    private static byte[] WrongWireType(MessageDescriptor type, Random random)
    {
        var valid = Build(type, random, StringMode.Plausible, depth: 0).ToByteArray();
        if (type.Fields.InFieldNumberOrder().Count == 0)
        {
            return [.. valid, 0x08, 0x01];
        }
        var field = type.Fields.InFieldNumberOrder()[random.Next(type.Fields.InFieldNumberOrder().Count)];
        var lengthDelimited = field.FieldType is FieldType.String or FieldType.Bytes or FieldType.Message || field.IsPacked;
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        if (lengthDelimited)
        {
            output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
            output.WriteFixed32((uint)random.Next());
        }
        else
        {
            output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(RandomBytes(random, random.Next(0, 64))));
        }
        output.Flush();
        return random.Next(2) == 0 ? [.. valid, .. stream.ToArray()] : [.. stream.ToArray(), .. valid];
    }

    /// <summary>A valid message plus a string field whose bytes are not UTF-8.</summary>
    private static byte[] InvalidUtf8(MessageDescriptor type, Random random)
    {
        var valid = Build(type, random, StringMode.Plausible, depth: 0).ToByteArray();
        var strings = type.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String).ToList();
        var number = strings.Count > 0 ? strings[random.Next(strings.Count)].FieldNumber : 1;
        byte[][] invalid = [[0xC3, 0x28], [0xFF, 0xFE, 0xFD], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xE2, 0x82], [0x41, 0x80, 0x42]];
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(invalid[random.Next(invalid.Length)]));
        output.Flush();
        return [.. valid, .. stream.ToArray()];
    }

    /// <summary>A message with every field set (nested messages down to depth 3; repeated fields 0–3 items).</summary>
    private static IMessage Build(MessageDescriptor type, Random random, StringMode strings, int depth, bool extremeNumbers = false)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (type.FullName == Timestamp.Descriptor.FullName)
        {
            return extremeNumbers
                ? new Timestamp { Seconds = random.Next(2) == 0 ? long.MaxValue : -62135596801, Nanos = random.Next(2) == 0 ? -1 : 1_000_000_000 }
                : Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(random.Next(-90 * 86400, 7200)));
        }
        var hugeField = strings == StringMode.Huge ? PickString(type, random) : null;
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var (keyField, valueField) = (field.MessageType.FindFieldByNumber(1), field.MessageType.FindFieldByNumber(2));
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    var key = Value(keyField, random, strings, depth, extremeNumbers, huge: false);
                    if (!map.Contains(key))
                    {
                        map[key] = Value(valueField, random, strings, depth, extremeNumbers, huge: false);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = random.Next(0, depth == 0 ? 4 : 2); i > 0; i--)
                {
                    list.Add(Value(field, random, strings, depth, extremeNumbers, huge: false));
                }
            }
            else if (field.FieldType != FieldType.Message || depth < 3)
            {
                if (field.RealContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(message) is not null)
                {
                    continue;   // one member of a oneof is enough
                }
                field.Accessor.SetValue(message, Value(field, random, strings, depth, extremeNumbers, huge: field == hugeField));
            }
        }
        return message;
    }

    private static FieldDescriptor? PickString(MessageDescriptor type, Random random)
    {
        var strings = type.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String && !f.IsRepeated && !f.IsMap).ToList();
        return strings.Count == 0 ? null : strings[random.Next(strings.Count)];
    }

    private static object Value(FieldDescriptor field, Random random, StringMode strings, int depth, bool extreme, bool huge) => field.FieldType switch
    {
        FieldType.String => huge ? new string('x', random.Next(100_000, 3_000_000)) : Text(field, random, strings),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(random, random.Next(0, 256))),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => extreme ? Pick(random, int.MinValue, int.MaxValue, -1, 0) : random.Next(-10, 1000),
        FieldType.UInt32 or FieldType.Fixed32 => extreme ? Pick(random, uint.MaxValue, 0u) : (uint)random.Next(0, 1000),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => extreme ? Pick(random, long.MinValue, long.MaxValue, -1L, 0L) : (long)random.Next(-10, 100_000),
        FieldType.UInt64 or FieldType.Fixed64 => extreme ? Pick(random, ulong.MaxValue, 0UL) : (ulong)random.Next(0, 100_000),
        FieldType.Double => extreme ? Pick(random, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.Epsilon) : random.NextDouble() * 1000,
        FieldType.Float => extreme ? Pick(random, float.NaN, float.PositiveInfinity, float.MinValue) : (float)random.NextDouble(),
        // Unknown enum numbers are legal on the wire: the service must refuse or ignore them, not crash.
        FieldType.Enum => extreme ? Pick(random, -1, 999, int.MaxValue) : field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number,
        FieldType.Message => Build(field.MessageType, random, strings, depth + 1, extreme),
        _ => throw new NotSupportedException(field.FieldType.ToString()),
    };

    /// <summary>Hostile text, or text that plausibly fits the field (ids, codes) so validation gets past the first check.</summary>
    private static string Text(FieldDescriptor field, Random random, StringMode strings)
    {
        if (strings == StringMode.Hostile && random.Next(4) != 0)
        {
            return Hostile[random.Next(Hostile.Length)];
        }
        var name = field.Name;
        return name switch
        {
            _ when name.EndsWith("_id", StringComparison.Ordinal) || name == "id" => random.Next(3) == 0 ? Guid.NewGuid().ToString() : "fuzz-" + random.Next(100),
            "domain" => Pick(random, "auth", "commerce", "support", "x"),
            "type" => Pick(random, "LOGIN", "ORDER_PLACED", "x"),
            "country_code" => Pick(random, "DE", "us", "ZZ", "Germany"),
            "currency" => Pick(random, "EUR", "usd", "XXX"),
            "kind" => Pick(random, "churn", "conversion", "threat", "x"),
            "kpi" or "name" => Pick(random, "logins", "revenue", "active_users", "fuzz_kpi_" + random.Next(10)),
            "date" or "from" or "to" => Pick(random, DateTime.UtcNow.ToString("yyyy-MM-dd"), "2026-02-30", "yesterday"),
            _ => "fuzz " + random.Next(1000),
        };
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];
}
