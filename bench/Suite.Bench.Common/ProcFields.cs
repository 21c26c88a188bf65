using System.Globalization;

namespace Suite.Bench;

/// <summary>The "Name:   value [kB]" files of /proc (a process's status, meminfo): each name's leading number.</summary>
public static class ProcFields
{
    public static Dictionary<string, long> Parse(string text)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && line[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
                && long.TryParse(first, CultureInfo.InvariantCulture, out var value))
            {
                fields[line[..colon].Trim()] = value;
            }
        }
        return fields;
    }

    /// <summary>The fields of a /proc file; empty when it is not there (the process ended, no /proc).</summary>
    public static Dictionary<string, long> Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
