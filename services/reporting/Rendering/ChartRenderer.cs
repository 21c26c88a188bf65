using ScottPlot;
using Suite.Reporting.Domain;

namespace Suite.Reporting.Rendering;

/// <summary>The KPI series as a PNG chart (ScottPlot on SkiaSharp): bars for counts, a line for ratios (in %).</summary>
public static class ChartRenderer
{
    /// <param name="scale">Pixels per layout unit: text and lines grow with it, so the chart reads the same at any resolution.</param>
    public static byte[] RenderPng(KpiReportData data, int widthPixels, int heightPixels, double scale = 1)
    {
        var plot = new Plot { ScaleFactor = scale };
        plot.Font.Set(ReportFonts.Family);
        var points = data.Points.Where(p => p.HasValue && double.IsFinite(p.Value)).ToList();
        var xs = points.Select(p => p.Start.UtcDateTime.ToOADate()).ToArray();
        var isRatio = data.Unit == ValueFormatter.Ratio;
        var ys = points.Select(p => isRatio ? p.Value * 100 : p.Value).ToArray();

        if (isRatio)
        {
            var line = plot.Add.Scatter(xs, ys);
            line.LineWidth = 2;
            line.MarkerSize = xs.Length > 60 ? 0 : 4;
            plot.YLabel("%");
        }
        else
        {
            var bars = plot.Add.Bars(xs, ys);
            var width = BucketDays(data.Granularity, xs) * 0.8;
            foreach (var bar in bars.Bars)
            {
                bar.Size = width;
            }
            plot.YLabel(string.IsNullOrWhiteSpace(data.Unit) ? "value" : data.Unit);
            plot.Axes.Margins(bottom: 0);
        }
        plot.Axes.DateTimeTicksBottom();
        if (xs.Length == 0)
        {
            plot.Title("no data in range");
        }
        return plot.GetImageBytes(widthPixels, heightPixels, ImageFormat.Png);
    }

    private static double BucketDays(ReportGranularity granularity, double[] xs) => granularity switch
    {
        ReportGranularity.Minute => 1.0 / 1440,
        ReportGranularity.Hour => 1.0 / 24,
        ReportGranularity.Day => 1.0,
        _ => xs.Length > 1 ? xs.Zip(xs.Skip(1), (a, b) => b - a).Where(d => d > 0).DefaultIfEmpty(1.0 / 24).Min() : 1.0 / 24,
    };
}
