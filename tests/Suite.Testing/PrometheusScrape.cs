using System.Globalization;

namespace Suite.Testing;

/// <summary>Reads samples from a Prometheus text scrape (a service's /metrics).</summary>
public static class PrometheusScrape
{
    /// <summary>
    /// The value of the first sample named <paramref name="metric"/> carrying every label of <paramref name="labels"/>
    /// (as written: <c>level="0"</c>); null when there is none.
    /// </summary>
    public static double? Value(string scrape, string metric, params string[] labels)
    {
        foreach (var raw in scrape.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal) ||
                line.Length == metric.Length || (line[metric.Length] != '{' && line[metric.Length] != ' '))
            {
                continue;
            }
            var close = line.LastIndexOf('}');
            var labelText = close > 0 ? line[metric.Length..(close + 1)] : "";
            if (labels.All(l => labelText.Contains(l, StringComparison.Ordinal)))
            {
                var value = line[(close > 0 ? close + 1 : metric.Length)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
