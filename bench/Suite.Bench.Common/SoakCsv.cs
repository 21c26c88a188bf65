using System.Globalization;
using System.Text;

namespace Suite.Bench;

/// <summary>
/// The soak's samples as CSV (elapsed_s, service, pid, rss_mib, handles, threads, gc_heap_mib), so a run can be
/// plotted, or judged again later with other windows (<c>--judge FILE</c>) without running it again.
/// </summary>
public static class SoakCsv
{
    public const string Header = "elapsed_s,service,pid,rss_mib,handles,threads,gc_heap_mib";

    private const double MiB = 1048576.0;

    public static string Write(IEnumerable<SoakSample> samples)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var s in samples)
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.At.TotalSeconds:0},{s.Service},{s.Pid},{s.RssBytes / MiB:0.0},{s.Handles},{s.Threads},{s.GcHeapBytes / MiB:0.0}\n");
        }
        return text.ToString();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; a line that does not fit throws with its number.</summary>
    public static IReadOnlyList<SoakSample> Read(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new FormatException($"not a soak CSV: the first line must be '{Header}'");
        }
        var samples = new List<SoakSample>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            try
            {
                if (f.Length != 7 || f[1].Length == 0)
                {
                    throw new FormatException("7 fields expected");
                }
                samples.Add(new SoakSample(TimeSpan.FromSeconds(Number(f[0])), f[1], int.Parse(f[2], CultureInfo.InvariantCulture),
                    (long)(Number(f[3]) * MiB), int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture),
                    (long)(Number(f[6]) * MiB)));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {i + 1}: {ex.Message}", ex);
            }
        }
        return samples;
    }

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
