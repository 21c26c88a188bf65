using System.Diagnostics;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Rendering;

namespace Suite.ReportingBench;

/// <summary>
/// Renders <see cref="BenchDocument"/> with each renderer: warm-up (JIT, font and native library loading), then N
/// timed renders one after the other; p50/p95/max per format, and the share of a PDF spent drawing its charts.
/// </summary>
public static class ReportingBenchRunner
{
    public static int Run(ReportingBenchOptions o)
    {
        using var fonts = new ReportFonts();
        var document = BenchDocument.Build();
        IReportRenderer[] renderers = [new PdfReportRenderer(fonts), new HtmlReportRenderer(), new CsvReportRenderer(), new XlsxReportRenderer()];
        Console.WriteLine($"document: {document.Charts.Count()} charts, {document.Tables.Count()} tables ({string.Join(", ", document.Tables.Select(t => t.Rows.Count))} rows), {document.Headlines.Count()} headlines");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average at start {LoadAverage()}; fonts: {fonts.Regular.FamilyName}");
        Console.WriteLine($"{o.WarmUp} warm-up renders, then {o.Renders} timed renders per format, sequential, one thread");
        Console.WriteLine();
        Console.WriteLine($"{"format",-6} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"size KiB",9} {"alloc MiB",10}  pages/parts");

        foreach (var renderer in renderers)
        {
            RenderedReport last = null!;
            for (var i = 0; i < o.WarmUp; i++)
            {
                last = renderer.Render(document);
            }
            var times = new double[o.Renders];
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < o.Renders; i++)
            {
                var started = Stopwatch.GetTimestamp();
                last = renderer.Render(document);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            var allocMiB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)o.Renders / (1024 * 1024);
            Array.Sort(times);
            var detail = renderer.Format == Suite.Reporting.Domain.ReportFormatKind.Pdf ? $"{PdfPages(last.Bytes)} pages" : last.Parts.Count > 0 ? $"{last.Parts.Count} files" : "";
            Console.WriteLine($"{renderer.Format.ToString().ToLowerInvariant(),-6} {Percentile(times, 0.50),8:F0} {Percentile(times, 0.95),8:F0} {times[^1],8:F0} {last.Bytes.Length / 1024.0,9:F0} {allocMiB,10:F0}  {detail}");
            if (o.Out is { } dir)
            {
                Directory.CreateDirectory(dir);
                File.WriteAllBytes(Path.Combine(dir, $"{document.FileBase}.{last.Extension}"), last.Bytes);
            }
        }

        // Where a PDF's time goes: the six charts alone (ScottPlot render + PNG encode at the PDF's 2x resolution).
        var chartTimes = new double[o.Renders];
        for (var i = 0; i < o.Renders; i++)
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var chart in document.Charts)
            {
                ChartRenderer.RenderPng(chart, 998, 500, 2);
            }
            chartTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(chartTimes);
        Console.WriteLine();
        Console.WriteLine($"charts alone (6 PNGs at 998x500): p50 {Percentile(chartTimes, 0.5):F0} ms, max {chartTimes[^1]:F0} ms");
        Console.WriteLine($"load average at end {LoadAverage()}");
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int PdfPages(byte[] pdf) => System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page\b");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
