using System.Globalization;
using SkiaSharp;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Rendering;

/// <summary>
/// Flows a document's blocks down A4 pages: each page becomes a list of drawing steps. A block that does not fit
/// what is left of a page starts the next one (a section heading stays with what follows it); text wraps and may
/// continue; a table is split with <see cref="TablePagination"/>, every part under its header.
/// </summary>
internal sealed class PdfLayout(ReportLayout layout, ReportFonts fonts)
{
    private const float ChartScale = 2f;      // chart pixels per point, for a sharp print
    private const float BlockGap = 12f;
    private const float TileHeight = 58f;
    private const float TileGap = 8f;
    private const int TilesPerRow = 3;
    private const float TextSize = 10.5f;
    private const float TextLineHeight = 14f;
    private const float BlockTitleHeight = 20f;

    private readonly List<List<Action<PdfPageWriter>>> _pages = [];
    private float _y;

    private List<Action<PdfPageWriter>> Page => _pages[^1];

    private float ContinuationTop => layout.Margin + 22;

    public List<List<Action<PdfPageWriter>>> Lay(ReportDocument document)
    {
        _pages.Add([]);
        _runningTitle = document.Title;
        _y = Header(document);
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case SectionBlock section:
                    Section(section);
                    break;
                case TextBlock text:
                    Text(text);
                    break;
                case HeadlineBlock headlines:
                    Headlines(headlines);
                    break;
                case ChartBlock chart:
                    Chart(chart);
                    break;
                case TableBlock table:
                    Table(table);
                    break;
            }
        }
        return _pages;
    }

    private float Header(ReportDocument document)
    {
        var x = layout.Margin;
        Page.Add(p =>
        {
            p.FittedText(document.Title, x, layout.Margin + 20, 20, minSize: 11, maxWidth: layout.ContentWidth, bold: true);
            p.Text($"Tenant: {document.Tenant}", x, layout.Margin + 46, 11);
            p.Text($"Period: {document.Period}", x, layout.Margin + 62, 11);
            p.Text($"Generated: {document.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
                x, layout.Margin + 78, 11, color: SKColors.DimGray);
        });
        return layout.Margin + 78 + BlockGap + 4;
    }

    private float Remaining => layout.ContentBottom - _y;

    /// <summary>Starts a page with the report title as a running head.</summary>
    private void NewPage(string title)
    {
        _pages.Add([]);
        Page.Add(p => p.FittedText(title, layout.Margin, layout.Margin, 8, minSize: 8, maxWidth: layout.ContentWidth, color: SKColors.DimGray));
        _y = ContinuationTop;
    }

    private string _runningTitle = "";

    private void EnsureRoom(float height)
    {
        if (height > Remaining && _y > ContinuationTop)
        {
            NewPage(_runningTitle);
        }
    }

    private void Section(SectionBlock section)
    {
        EnsureRoom(30 + 80);   // keep the heading with the start of what follows
        var y = _y;
        Page.Add(p =>
        {
            p.FittedText(section.Title, layout.Margin, y + 16, 14, minSize: 9, maxWidth: layout.ContentWidth, bold: true);
            p.Line(layout.Margin, y + 22, layout.Margin + layout.ContentWidth, y + 22, new SKColor(0x99, 0xA3, 0xB1), 0.8f);
        });
        _y += 30;
    }

    private void Text(TextBlock text)
    {
        using var font = new SKFont(fonts.Regular, TextSize);
        foreach (var line in PdfTextFit.Wrap(text.Text, layout.ContentWidth, font))
        {
            EnsureRoom(TextLineHeight);
            var y = _y + TextLineHeight - 3;
            Page.Add(p => p.Text(line, layout.Margin, y, TextSize));
            _y += TextLineHeight;
        }
        _y += BlockGap;
    }

    private void Headlines(HeadlineBlock block)
    {
        var width = (layout.ContentWidth - TileGap * (TilesPerRow - 1)) / TilesPerRow;
        for (var row = 0; row * TilesPerRow < block.Items.Count; row++)
        {
            EnsureRoom(TileHeight + TileGap);
            for (var col = 0; col < TilesPerRow && row * TilesPerRow + col < block.Items.Count; col++)
            {
                var item = block.Items[row * TilesPerRow + col];
                var rect = SKRect.Create(layout.Margin + col * (width + TileGap), _y, width, TileHeight);
                Page.Add(p => Tile(p, item, rect));
            }
            _y += TileHeight + TileGap;
        }
        _y += BlockGap - TileGap;
    }

    // Label (with a colon, so extracted text reads "Total: 87.50 %"), the number, then the change and any note.
    private static void Tile(PdfPageWriter p, Headline item, SKRect rect)
    {
        var (fill, accent) = FlagColors.Of(item.Flag);
        p.Rect(rect, fill);
        p.Rect(SKRect.Create(rect.Left, rect.Top, 3, rect.Height), accent);
        var x = rect.Left + 9;
        var max = rect.Width - 14;
        p.FittedText(item.Label + ":", x, rect.Top + 14, 9, minSize: 7, maxWidth: max, color: new SKColor(0x44, 0x4B, 0x55));
        p.FittedText(item.Text, x, rect.Top + 34, 16, minSize: 9, maxWidth: max, bold: true, color: item.Flag == Flag.None ? SKColors.Black : accent);
        var detail = string.Join(" · ", new[] { item.Change, item.Note }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (detail.Length > 0)
        {
            p.FittedText(detail, x, rect.Top + 49, 8, minSize: 6, maxWidth: max, color: SKColors.DimGray);
        }
    }

    private void Chart(ChartBlock chart)
    {
        var height = layout.ChartHeight;
        EnsureRoom(BlockTitleHeight + height);
        var y = _y;
        var width = layout.ContentWidth;
        Page.Add(p =>
        {
            p.FittedText(chart.Title, layout.Margin, y + 13, 11, minSize: 8, maxWidth: width, bold: true);
            // Rendered here, once: every drawing step runs exactly once.
            var png = ChartRenderer.RenderPng(chart, (int)(width * ChartScale), (int)(height * ChartScale), ChartScale);
            using var image = SKImage.FromEncodedData(png);
            p.Image(image, SKRect.Create(layout.Margin, y + BlockTitleHeight, width, height));
        });
        _y += BlockTitleHeight + height + BlockGap;
    }

    private void Table(TableBlock table)
    {
        var (edges, size, headerLines) = ColumnEdges(table);
        var header = HeaderHeight(size, headerLines);
        var cells = CellLines(table, edges, size);
        var heights = cells.Select(row => (double)RowHeight(row.Max(c => c.Count), size)).ToList();
        EnsureRoom(BlockTitleHeight + header + (float)(heights.Count == 0 ? layout.TableRowHeight : heights.Take(3).Sum()));
        var firstHeight = layout.ContentBottom - _y - BlockTitleHeight;
        var pageHeight = layout.ContentBottom - ContinuationTop - BlockTitleHeight;
        var slices = TablePagination.Paginate(heights, firstHeight, pageHeight, header);
        for (var s = 0; s < slices.Count; s++)
        {
            if (s > 0)
            {
                NewPage(_runningTitle);
            }
            var top = _y;
            var slice = slices[s];
            var title = s == 0 ? table.Title : $"{table.Title} (continued)";
            Page.Add(p =>
            {
                p.FittedText(title, layout.Margin, top + 13, 11, minSize: 8, maxWidth: layout.ContentWidth, bold: true);
                DrawTable(p, table, cells, slice, top + BlockTitleHeight, edges, size, headerLines);
            });
            var body = table.Rows.Count == 0 ? layout.TableRowHeight : (float)heights.Skip(slice.First).Take(slice.Count).Sum();
            _y = top + BlockTitleHeight + header + body;
        }
        _y += BlockGap;
    }

    /// <summary>A row's height: one line, plus a line gap for each further line of its tallest cell.</summary>
    private float RowHeight(int lines, float size) => layout.TableRowHeight + (Math.Max(1, lines) - 1) * LineGap(size);

    /// <summary>
    /// Each cell's lines: text too wide for its column wraps at spaces over up to <see cref="MaxCellLines"/> lines (the
    /// last cut with "…" if still too long), so recommended actions and names stay readable; numbers and dates stay on
    /// one line (cut with "…" only if a column could not be made wide enough).
    /// </summary>
    private List<List<string>[]> CellLines(TableBlock table, float[] edges, float size)
    {
        const float padding = 4;
        using var regular = new SKFont(fonts.Regular, size);
        var rows = new List<List<string>[]>(table.Rows.Count);
        foreach (var cells in table.Rows)
        {
            var row = new List<string>[table.Columns.Count];
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var text = c < cells.Count ? cells[c].Text.ReplaceLineEndings(" ") : "";
                var width = edges[c + 1] - edges[c] - 2 * padding;
                row[c] = IsNumeric(table.Columns[c].Kind) || regular.MeasureText(text) <= width
                    ? [PdfTextFit.Ellipsize(text, width, regular)]
                    : PdfTextFit.WrapAtMost(text, width, regular, MaxCellLines);
            }
            rows.Add(row);
        }
        return rows;
    }

    private const int MaxCellLines = 3;

    private void DrawTable(PdfPageWriter p, TableBlock table, List<List<string>[]> cellLines, PageSlice slice, float top, float[] edges, float size, int headerLines)
    {
        var right = layout.Margin + layout.ContentWidth;
        var header = HeaderHeight(size, headerLines);
        p.Rect(new SKRect(layout.Margin, top, right, top + header), new SKColor(0xE8, 0xEC, 0xF2));
        using var bold = new SKFont(fonts.Bold, size);
        using var regular = new SKFont(fonts.Regular, size);
        var baseline = top + header - 6;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            // A header too wide for its column goes on two lines (split where the wider half is narrowest).
            var text = table.Columns[c].Header;
            var (first, second) = headerLines == 2 && bold.MeasureText(text) > edges[c + 1] - edges[c] - 8 ? SplitHeader(text, bold) : ("", text);
            if (first.Length > 0)
            {
                DrawCell(p, first, table.Columns[c].Kind, c, edges, baseline - LineGap(size), bold, isBold: true, Flag.None);
            }
            DrawCell(p, second, table.Columns[c].Kind, c, edges, baseline, bold, isBold: true, Flag.None);
        }
        var y = top + header;
        if (table.Rows.Count == 0)
        {
            p.Text(table.EmptyText, layout.Margin + 4, y + layout.TableRowHeight - 4, 10, color: SKColors.DimGray);
            return;
        }
        for (var i = slice.First; i < slice.First + slice.Count; i++)
        {
            var cells = table.Rows[i];
            var lines = cellLines[i];
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var flag = c < cells.Count ? cells[c].Flag : Flag.None;
                for (var l = 0; l < lines[c].Count; l++)
                {
                    DrawCell(p, lines[c][l], table.Columns[c].Kind, c, edges, y + layout.TableRowHeight - 4 + l * LineGap(size), regular, isBold: false, flag);
                }
            }
            y += RowHeight(lines.Max(c => c.Count), size);
            p.Line(layout.Margin, y, right, y, new SKColor(0xDD, 0xDD, 0xDD));
        }
    }

    // Numbers right-aligned so digits line up; text and dates left-aligned. Cut with "…" to the column.
    private static void DrawCell(PdfPageWriter p, string text, ColumnKind kind, int column, float[] edges, float baseline, SKFont font, bool isBold, Flag flag)
    {
        const float padding = 4;
        var fitted = PdfTextFit.Ellipsize(text.ReplaceLineEndings(" "), edges[column + 1] - edges[column] - 2 * padding, font);
        var color = flag == Flag.None ? SKColors.Black : FlagColors.Of(flag).Accent;
        if (IsNumeric(kind))
        {
            p.Text(fitted, edges[column + 1] - padding, baseline, font.Size, isBold, SKTextAlign.Right, color);
        }
        else
        {
            p.Text(fitted, edges[column] + padding, baseline, font.Size, isBold, color: color);
        }
    }

    public static bool IsNumeric(ColumnKind kind) => kind is ColumnKind.Number or ColumnKind.Percent or ColumnKind.Money;

    /// <summary>
    /// Column boundaries, the table's font size and its header lines: each column gets what its widest cell or header
    /// needs (at most 45 % of the page), and the room left over is shared by the columns' relative widths. A table too
    /// wide at 10 pt first puts long headers on two lines ("Portal / quotes": headers are usually what is wide), then
    /// is set smaller, down to 7.5 pt; beyond that only the widest columns are narrowed, to one common width (long texts then
    /// wrap over up to three lines: <see cref="CellLines"/>).
    /// </summary>
    private (float[] Edges, float Size, int HeaderLines) ColumnEdges(TableBlock table)
    {
        const float padding = 4;
        var columns = table.Columns;
        var size = 10f;
        var lines = 1;
        var needed = Needed(table, size, padding, lines);
        // Measured widths do not scale exactly with the size (hinting, rounding): step down until the table fits.
        while (needed.Sum() > layout.ContentWidth)
        {
            if (lines == 1)
            {
                lines = 2;
            }
            else if (size > 7.5f)
            {
                size -= 0.25f;
            }
            else
            {
                break;
            }
            needed = Needed(table, size, padding, lines);
        }
        if (lines == 2 && Needed(table, size, padding, 1).Sum() <= layout.ContentWidth)
        {
            lines = 1;   // the smaller size alone was enough
            needed = Needed(table, size, padding, 1);
        }
        if (needed.Sum() > layout.ContentWidth)
        {
            needed = ColumnWidths.CapWidest(needed, layout.ContentWidth);
        }
        var sum = needed.Sum();
        var weights = columns.Sum(c => Math.Max(0.05f, c.Width));
        var edges = new float[columns.Count + 1];
        edges[0] = layout.Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            var width = sum <= layout.ContentWidth
                ? needed[i] + (layout.ContentWidth - sum) * Math.Max(0.05f, columns[i].Width) / weights
                : needed[i] * layout.ContentWidth / sum;
            edges[i + 1] = edges[i] + width;
        }
        return (edges, size, lines);
    }

    private float HeaderHeight(float size, int lines) => layout.TableHeaderHeight + (lines - 1) * LineGap(size);

    private static float LineGap(float size) => size + 1.5f;

    /// <summary>The header's two lines, split at the space that makes the wider line narrowest; one word stays whole.</summary>
    private static (string First, string Second) SplitHeader(string header, SKFont font)
    {
        var best = ("", header);
        var bestWidth = font.MeasureText(header);
        for (var i = header.IndexOf(' ', StringComparison.Ordinal); i > 0; i = header.IndexOf(' ', i + 1))
        {
            var (first, second) = (header[..i], header[(i + 1)..]);
            var width = Math.Max(font.MeasureText(first), font.MeasureText(second));
            if (width < bestWidth)
            {
                (best, bestWidth) = ((first, second), width);
            }
        }
        return best;
    }

    private float[] Needed(TableBlock table, float size, float padding, int headerLines)
    {
        using var bold = new SKFont(fonts.Bold, size);
        using var regular = new SKFont(fonts.Regular, size);
        var columns = table.Columns;
        var needed = new float[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var (first, second) = headerLines == 2 ? SplitHeader(columns[c].Header, bold) : ("", columns[c].Header);
            var widest = Math.Max(bold.MeasureText(first), bold.MeasureText(second));
            foreach (var cells in table.Rows)
            {
                if (c < cells.Count)
                {
                    widest = Math.Max(widest, regular.MeasureText(cells[c].Text));
                }
            }
            needed[c] = Math.Min(widest + 2 * padding + 1, layout.ContentWidth * 0.45f);
        }
        return needed;
    }
}

/// <summary>Tile and cell colours per flag: a light fill and a strong accent.</summary>
internal static class FlagColors
{
    public static (SKColor Fill, SKColor Accent) Of(Flag flag) => flag switch
    {
        Flag.Good => (new SKColor(0xE6, 0xF4, 0xEA), new SKColor(0x1E, 0x7B, 0x34)),
        Flag.Warning => (new SKColor(0xFF, 0xF4, 0xE5), new SKColor(0xB2, 0x6A, 0x00)),
        Flag.Alert => (new SKColor(0xFD, 0xEC, 0xEA), new SKColor(0xC6, 0x28, 0x28)),
        _ => (new SKColor(0xF3, 0xF4, 0xF6), new SKColor(0x6B, 0x72, 0x80)),
    };

    /// <summary>The same colours for HTML ("#fdecea").</summary>
    public static (string Fill, string Accent) Css(Flag flag)
    {
        var (fill, accent) = Of(flag);
        return (Hex(fill), Hex(accent));
    }

    private static string Hex(SKColor c) => $"#{c.Red:x2}{c.Green:x2}{c.Blue:x2}";
}
