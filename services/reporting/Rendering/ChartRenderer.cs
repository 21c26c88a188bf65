using System.Globalization;
using ScottPlot;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Rendering;

/// <summary>
/// A <see cref="ChartBlock"/> as a PNG (ScottPlot on SkiaSharp): lines (one per series), grouped bars, or a pie of the
/// first series with each slice's percentage. Categories sit at x = 0, 1, 2…, labelled with their text, so dates and
/// names chart the same way. The title is not drawn: PDF and HTML print it as text (extractable, searchable).
/// </summary>
public static class ChartRenderer
{
    private const int MaxTickLabels = 10;

    /// <param name="scale">Pixels per layout unit: text and lines grow with it, so the chart reads the same at any resolution.</param>
    public static byte[] RenderPng(ChartBlock chart, int widthPixels, int heightPixels, double scale = 1)
    {
        // Disposed: the plot holds SkiaSharp paints and typefaces in native memory that only a finalizer would free.
        using var plot = new Plot { ScaleFactor = scale };
        plot.Font.Set(ReportFonts.Family);
        var hasData = chart.Categories.Count > 0 && chart.Series.Any(s => s.Values.Any(v => v is { } d && double.IsFinite(d)));
        if (!hasData)
        {
            plot.Title("no data");
        }
        else if (chart.Kind == ChartKind.Pie)
        {
            AddPie(plot, chart);
        }
        else
        {
            if (chart.Kind == ChartKind.Bar)
            {
                AddBars(plot, chart);
            }
            else
            {
                AddLines(plot, chart);
            }
            LabelCategories(plot, chart);
            if (!string.IsNullOrWhiteSpace(chart.YAxis))
            {
                plot.YLabel(chart.YAxis);
            }
            if (chart.Series.Count > 1)
            {
                plot.ShowLegend(Edge.Bottom);   // below the plot: never over the lines
            }
        }
        return plot.GetImageBytes(widthPixels, heightPixels, ImageFormat.Png);
    }

    private static void AddLines(Plot plot, ChartBlock chart)
    {
        foreach (var series in chart.Series)
        {
            var points = Finite(series).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.Index).ToArray(), points.Select(p => p.Value).ToArray());
            line.LineWidth = 2;
            line.MarkerSize = chart.Categories.Count > 40 ? 0 : 4;
            line.LegendText = series.Name;
        }
    }

    // Grouped bars: series side by side within each category's slot of width 0.8.
    private static void AddBars(Plot plot, ChartBlock chart)
    {
        var width = 0.8 / chart.Series.Count;
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var offset = -0.4 + width * (s + 0.5);
            var points = Finite(chart.Series[s]).ToList();
            var bars = plot.Add.Bars(points.Select(p => p.Index + offset).ToArray(), points.Select(p => p.Value).ToArray());
            foreach (var bar in bars.Bars)
            {
                bar.Size = width * 0.95;
            }
            bars.LegendText = chart.Series[s].Name;
        }
        plot.Axes.Margins(bottom: 0);
    }

    private static void AddPie(Plot plot, ChartBlock chart)
    {
        var values = chart.Series[0].Values;
        var total = values.Where(v => v is > 0).Sum(v => v!.Value);
        var slices = new List<PieSlice>();
        for (var i = 0; i < chart.Categories.Count && i < values.Count; i++)
        {
            if (values[i] is not > 0 || !double.IsFinite(values[i]!.Value))
            {
                continue;
            }
            var percent = PiePercent(values[i]!.Value, total);
            slices.Add(new PieSlice
            {
                Value = values[i]!.Value,
                FillColor = plot.Add.Palette.GetColor(slices.Count),
                Label = values[i]!.Value / total >= 0.05 ? percent : "",   // small slices: the legend has the share
                LegendText = $"{chart.Categories[i]} ({percent})",
            });
        }
        var pie = plot.Add.Pie(slices);
        pie.SliceLabelDistance = 0.7;
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.ShowLegend(Alignment.UpperRight);
    }

    /// <summary>A slice's share as printed next to it and in the legend: "42.5 %".</summary>
    public static string PiePercent(double value, double total) =>
        (total > 0 ? value / total * 100 : 0).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    // At most MaxTickLabels labels, evenly spaced, so 90 daily dates stay readable.
    private static void LabelCategories(Plot plot, ChartBlock chart)
    {
        var count = chart.Categories.Count;
        // Long labels (dates, names) get fewer ticks so they never overlap; no rotation, which clips at the edges.
        var longest = chart.Categories.Max(c => c.Length);
        var max = longest > 12 ? 4 : longest > 7 ? 6 : MaxTickLabels;
        var step = Math.Max(1, (int)Math.Ceiling(count / (double)max));
        var positions = new List<double>();
        var labels = new List<string>();
        for (var i = 0; i < count; i += step)
        {
            positions.Add(i);
            labels.Add(chart.Categories[i]);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.ToArray(), labels.ToArray());
    }

    private static IEnumerable<(int Index, double Value)> Finite(ChartSeries series) =>
        series.Values.Select((v, i) => (i, v)).Where(p => p.v is { } d && double.IsFinite(d)).Select(p => (p.i, p.v!.Value));
}
