using SkiaSharp;
using Suite.Reporting.Domain;

namespace Suite.Reporting.Rendering;

/// <summary>
/// A KPI report as PDF (SkiaSharp's PDF backend): title, tenant, KPI, range, total, chart, then the table of points
/// split over pages with a repeated header, and "Page i of n" on every page.
/// </summary>
public sealed class PdfReportRenderer(ReportFonts fonts)
{
    public const string ContentType = "application/pdf";
    public const string Extension = "pdf";

    private const float ChartScale = 2f; // chart pixels per point, for a sharp print

    private static readonly string[] Columns = ["Time (UTC)", "Value", "Numerator", "Denominator"];

    public byte[] Render(KpiReportData data, ReportLayout? layout = null)
    {
        layout ??= ReportLayout.A4;
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = data.Title,
            Subject = $"{data.Kpi} for {data.Tenant}",
            Creator = "Suite reporting",
            Producer = "Suite reporting (SkiaSharp)",
            Creation = data.GeneratedAt.UtcDateTime,
            Modified = data.GeneratedAt.UtcDateTime,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var chart = ChartRenderer.RenderPng(data, (int)(layout.ContentWidth * ChartScale), (int)(layout.ChartHeight * ChartScale), ChartScale);
            var firstPage = new PageWriter(document, layout, fonts);
            var tableTop = DrawSummary(firstPage, data, chart, layout);
            var slices = TablePagination.Paginate(data.Points.Count, layout.ContentBottom - tableTop,
                layout.ContentBottom - ContinuationTop(layout), layout.TableHeaderHeight, layout.TableRowHeight);

            for (var page = 0; page < slices.Count; page++)
            {
                var writer = page == 0 ? firstPage : new PageWriter(document, layout, fonts);
                var top = tableTop;
                if (page > 0)
                {
                    writer.Text($"{data.Title} (continued)", layout.Margin, layout.Margin + 12, 11, bold: true);
                    top = ContinuationTop(layout);
                }
                if (data.Points.Count == 0)
                {
                    writer.Text("No data points in this range.", layout.Margin, top + 14, 10);
                }
                else if (slices[page].Count > 0)
                {
                    DrawTable(writer, data, slices[page], top, layout);
                }
                writer.Text($"Page {page + 1} of {slices.Count}", layout.PageWidth / 2, layout.PageHeight - layout.Margin / 2, 9,
                    align: SKTextAlign.Center, color: SKColors.DimGray);
                writer.Finish();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    private static float ContinuationTop(ReportLayout layout) => layout.Margin + 28;

    /// <summary>Draws the header block and the chart on the first page; returns where the table starts.</summary>
    private static float DrawSummary(PageWriter page, KpiReportData data, byte[] chartPng, ReportLayout layout)
    {
        var x = layout.Margin;
        var y = layout.Margin + 20;
        page.FittedText(data.Title, x, y, 20, minSize: 11, maxWidth: layout.ContentWidth, bold: true);
        y += 26;
        page.Text($"Tenant: {data.Tenant}", x, y, 11);
        y += 16;
        page.Text($"KPI: {data.Kpi} ({data.Unit}), by {ValueFormatter.GranularityName(data.Granularity)}", x, y, 11);
        y += 16;
        page.Text($"Range: {ValueFormatter.FormatRange(data.From, data.To)}", x, y, 11);
        y += 16;
        page.Text($"Generated: {data.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", x, y, 11, color: SKColors.DimGray);
        y += 26;
        page.Text(ValueFormatter.TotalLine(data.Unit, data.Total), x, y, 14, bold: true);
        y += 12;
        page.Image(chartPng, new SKRect(x, y, x + layout.ContentWidth, y + layout.ChartHeight));
        return y + layout.ChartHeight + 16;
    }

    private static void DrawTable(PageWriter page, KpiReportData data, PageSlice slice, float top, ReportLayout layout)
    {
        var edges = ColumnEdges(layout);
        var baseline = top + layout.TableHeaderHeight - 6;
        page.Rect(new SKRect(layout.Margin, top, layout.Margin + layout.ContentWidth, top + layout.TableHeaderHeight), new SKColor(0xE8, 0xEC, 0xF2));
        for (var c = 0; c < Columns.Length; c++)
        {
            DrawCell(page, Columns[c], c, edges, baseline, bold: true);
        }
        var y = top + layout.TableHeaderHeight;
        for (var i = slice.First; i < slice.First + slice.Count; i++)
        {
            var point = data.Points[i];
            baseline = y + layout.TableRowHeight - 4;
            string[] cells =
            [
                ValueFormatter.FormatTime(point.Start, data.Granularity),
                ValueFormatter.FormatValue(data.Unit, point.HasValue, point.Value),
                ValueFormatter.FormatCount(point.Numerator),
                ValueFormatter.FormatDenominator(data.Unit, point.Denominator),
            ];
            for (var c = 0; c < cells.Length; c++)
            {
                DrawCell(page, cells[c], c, edges, baseline, bold: false);
            }
            y += layout.TableRowHeight;
            page.Line(layout.Margin, y, layout.Margin + layout.ContentWidth, y, new SKColor(0xDD, 0xDD, 0xDD));
        }
    }

    // First column left-aligned, numbers right-aligned.
    private static void DrawCell(PageWriter page, string text, int column, float[] edges, float baseline, bool bold)
    {
        const float padding = 4;
        if (column == 0)
        {
            page.Text(text, edges[0] + padding, baseline, 10, bold);
        }
        else
        {
            page.Text(text, edges[column + 1] - padding, baseline, 10, bold, SKTextAlign.Right);
        }
    }

    private static float[] ColumnEdges(ReportLayout layout)
    {
        var edges = new float[layout.ColumnFractions.Count + 1];
        edges[0] = layout.Margin;
        for (var i = 0; i < layout.ColumnFractions.Count; i++)
        {
            edges[i + 1] = edges[i] + layout.ColumnFractions[i] * layout.ContentWidth;
        }
        return edges;
    }

    /// <summary>One page being drawn; text positions are baselines measured from the top of the page.</summary>
    private sealed class PageWriter(SKDocument document, ReportLayout layout, ReportFonts fonts)
    {
        private readonly SKCanvas _canvas = document.BeginPage(layout.PageWidth, layout.PageHeight);

        public void Text(string text, float x, float y, float size, bool bold = false, SKTextAlign align = SKTextAlign.Left, SKColor? color = null)
        {
            using var font = new SKFont(bold ? fonts.Bold : fonts.Regular, size) { Subpixel = true };
            using var paint = new SKPaint { Color = color ?? SKColors.Black, IsAntialias = true };
            _canvas.DrawText(text, x, y, align, font, paint);
        }

        /// <summary>Text shrunk (down to <paramref name="minSize"/>) and then cut with an ellipsis to fit a width.</summary>
        public void FittedText(string text, float x, float y, float size, float minSize, float maxWidth, bool bold = false)
        {
            using var font = new SKFont(bold ? fonts.Bold : fonts.Regular, size);
            var width = font.MeasureText(text);
            var fitted = width <= maxWidth ? size : Math.Max(minSize, size * maxWidth / width);
            font.Size = fitted;
            while (text.Length > 1 && font.MeasureText(text) > maxWidth)
            {
                text = text[..^2].TrimEnd() + "…";
            }
            Text(text, x, y, fitted, bold);
        }

        public void Image(byte[] png, SKRect target)
        {
            using var image = SKImage.FromEncodedData(png);
            using var paint = new SKPaint { IsAntialias = true };
            _canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), paint);
        }

        public void Rect(SKRect rect, SKColor fill)
        {
            using var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill };
            _canvas.DrawRect(rect, paint);
        }

        public void Line(float x0, float y0, float x1, float y1, SKColor color)
        {
            using var paint = new SKPaint { Color = color, StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke };
            _canvas.DrawLine(x0, y0, x1, y1, paint);
        }

        public void Finish() => document.EndPage();
    }
}
