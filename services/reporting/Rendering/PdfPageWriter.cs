using SkiaSharp;

namespace Suite.Reporting.Rendering;

/// <summary>Drawing on one PDF page; text positions are baselines measured from the top of the page.</summary>
internal sealed class PdfPageWriter(SKCanvas canvas, ReportFonts fonts)
{
    public void Text(string text, float x, float y, float size, bool bold = false, SKTextAlign align = SKTextAlign.Left, SKColor? color = null)
    {
        using var font = new SKFont(bold ? fonts.Bold : fonts.Regular, size) { Subpixel = true };
        using var paint = new SKPaint { Color = color ?? SKColors.Black, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, paint);
    }

    /// <summary>Text shrunk (down to <paramref name="minSize"/>) and then cut with an ellipsis to fit a width.</summary>
    public void FittedText(string text, float x, float y, float size, float minSize, float maxWidth, bool bold = false, SKColor? color = null)
    {
        using var font = new SKFont(bold ? fonts.Bold : fonts.Regular, size);
        var width = font.MeasureText(text);
        var fitted = width <= maxWidth ? size : Math.Max(minSize, size * maxWidth / width);
        font.Size = fitted;
        Text(PdfTextFit.Ellipsize(text, maxWidth, font), x, y, fitted, bold, color: color);
    }

    public void Image(SKImage image, SKRect target)
    {
        using var paint = new SKPaint { IsAntialias = true };
        canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), paint);
    }

    public void Rect(SKRect rect, SKColor fill)
    {
        using var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill };
        canvas.DrawRect(rect, paint);
    }

    public void Line(float x0, float y0, float x1, float y1, SKColor color, float width = 0.5f)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = width, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(x0, y0, x1, y1, paint);
    }
}

/// <summary>Measuring text for the PDF layout.</summary>
internal static class PdfTextFit
{
    /// <summary>The text, cut with "…" until it fits <paramref name="maxWidth"/> in <paramref name="font"/>.</summary>
    public static string Ellipsize(string text, float maxWidth, SKFont font)
    {
        if (font.MeasureText(text) <= maxWidth)
        {
            return text;
        }
        while (text.Length > 1 && font.MeasureText(text + "…") > maxWidth)
        {
            text = text[..^1].TrimEnd();
        }
        return text + "…";
    }

    /// <summary>
    /// <see cref="Wrap"/> kept to <paramref name="maxLines"/> lines: the last line takes the rest of the text, cut with "…".
    /// </summary>
    public static List<string> WrapAtMost(string text, float maxWidth, SKFont font, int maxLines)
    {
        var lines = Wrap(text, maxWidth, font);
        if (lines.Count <= maxLines)
        {
            return lines;
        }
        var kept = lines.Take(maxLines - 1).ToList();
        kept.Add(Ellipsize(string.Join(' ', lines.Skip(maxLines - 1)), maxWidth, font));
        return kept;
    }

    /// <summary>Words wrapped into lines no wider than <paramref name="maxWidth"/> (a word longer than a line is cut).</summary>
    public static List<string> Wrap(string text, float maxWidth, SKFont font)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= maxWidth)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                line = Ellipsize(word, maxWidth, font);
            }
            lines.Add(line);
        }
        return lines;
    }
}
