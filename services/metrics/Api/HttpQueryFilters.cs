using Google.Protobuf.Collections;

namespace Suite.Metrics.Api;

/// <summary>
/// JSON transcoding binds scalar query parameters but silently drops map fields, so
/// <c>GET /v1/kpis/events_count/series?filters[domain]=auth</c> would return unfiltered data. This reads
/// <c>filters[key]=value</c> (or <c>filters.key=value</c>) from the query string of a transcoded call.
/// Native gRPC calls have no query string and are unaffected.
/// </summary>
public static class HttpQueryFilters
{
    public static void AddTo(MapField<string, string> filters, IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            var key = KeyOf(name);
            if (key is null || values.Count == 0)
            {
                continue;
            }
            // The last value wins, as for repeated scalar parameters; an explicit body/map value wins over the query.
            if (!filters.ContainsKey(key))
            {
                filters[key] = values[^1] ?? "";
            }
        }
    }

    internal static string? KeyOf(string parameter)
    {
        if (parameter.StartsWith("filters[", StringComparison.Ordinal) && parameter.EndsWith(']') && parameter.Length > "filters[]".Length)
        {
            return parameter["filters[".Length..^1];
        }
        if (parameter.StartsWith("filters.", StringComparison.Ordinal) && parameter.Length > "filters.".Length)
        {
            return parameter["filters.".Length..];
        }
        return null;
    }
}
