using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Suite.ServiceDefaults.Audit;

/// <summary>
/// "What" of an audit row: the request's identifying fields by an allow-list of field names (ids, names, kinds,
/// versions, periods), and only the size of lists and maps. Anything else — payloads (YAML, CSV, events), addresses,
/// user ids, free text — is left out, so no personal data reaches the log.
/// </summary>
public static class AuditSummary
{
    public const int MaxLength = 500;
    private const int MaxValueLength = 64;

    public static readonly IReadOnlySet<string> KeyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "name", "kind", "version", "section", "incident_id", "kpi", "report_type", "format", "granularity",
        "trainer", "channel", "dry_run", "expected_version", "from_date", "to_date", "from", "to", "promote_if_better",
        "comparison", "threshold", "window_seconds", "severity",
    };

    public static string Of(object? request)
    {
        if (request is not IMessage message)
        {
            return "";
        }
        var parts = new List<string>();
        Append(message, "", parts, depth: 0);
        var text = string.Join(" ", parts);
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }

    private static void Append(IMessage message, string prefix, List<string> parts, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            var key = prefix + field.Name;
            if (field.IsRepeated || field.IsMap)
            {
                var count = ((System.Collections.ICollection)value).Count;
                if (count > 0)
                {
                    parts.Add($"{key}[{count}]");
                }
            }
            else if (field.FieldType == FieldType.Message && value is IMessage nested and not Timestamp)
            {
                // One level down (e.g. UpdateSubscription's subscription): its id and name are the key fields.
                if (depth == 0)
                {
                    Append(nested, key + ".", parts, depth + 1);
                }
            }
            else if (KeyFields.Contains(field.Name) && Format(value) is { Length: > 0 } text)
            {
                parts.Add($"{key}={text}");
            }
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        Timestamp t => t.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        string s => Clip(s),
        bool b => b ? "true" : "",
        System.Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture) == 0 ? "" : e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture) is var n && n != "0" ? n : "",
        _ => "",
    };

    private static string Clip(string s)
    {
        var clean = new StringBuilder(Math.Min(s.Length, MaxValueLength));
        foreach (var c in s.AsSpan(0, Math.Min(s.Length, MaxValueLength)))
        {
            clean.Append(char.IsControl(c) || c == ' ' ? '_' : c);
        }
        return s.Length > MaxValueLength ? clean + "…" : clean.ToString();
    }
}
