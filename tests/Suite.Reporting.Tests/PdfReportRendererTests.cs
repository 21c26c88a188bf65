using SkiaSharp;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Rendering;
using UglyToad.PdfPig;

namespace Suite.Reporting.Tests;

public class PdfReportRendererTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly ReportFonts Fonts = new();

    /// <summary>Hourly login success: 90 %, 75 %, no logins, 98 %, 87 % → 350 of 400 = 87.50 % over the range.</summary>
    public static KpiReportData LoginSuccess() => new(
        Title: "Login success, week 2",
        Tenant: "acme",
        Kpi: "login_success_rate",
        Unit: "ratio",
        From: Start,
        To: Start.AddHours(5),
        Granularity: ReportGranularity.Hour,
        Points:
        [
            new(Start, true, 0.90, 90, 100),
            new(Start.AddHours(1), true, 0.75, 75, 100),
            new(Start.AddHours(2), false, 0, 0, 0),
            new(Start.AddHours(3), true, 0.98, 98, 100),
            new(Start.AddHours(4), true, 0.87, 87, 100),
        ],
        Total: new(Start, true, 0.875, 350, 400),
        GeneratedAt: new DateTimeOffset(2026, 1, 12, 6, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Fonts_are_found() => Assert.True(Fonts.HasPreferredFamily, $"got {Fonts.Regular.FamilyName}");

    [Fact]
    public void Prints_the_header_total_and_table_as_extractable_text()
    {
        var pdf = Pdf(LoginSuccess());

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        var page = Assert.Single(PdfText.Pages(pdf));
        Assert.Contains("Login success, week 2", page);
        Assert.Contains("Tenant: acme", page);
        Assert.Contains("KPI: login_success_rate (ratio), by hour", page);
        Assert.Contains("Period: 2026-01-05 08:00 to 2026-01-05 13:00 UTC", page);
        Assert.Contains("Generated: 2026-01-12 06:30:00 UTC", page);
        Assert.Contains("Total: 87.50 %", page);
        Assert.Contains("Time (UTC) Value Numerator Denominator", page);
        Assert.Contains("2026-01-05 09:00 75.00 % 75 100", page);
        Assert.Contains("2026-01-05 10:00 n/a 0 0", page);
        Assert.Contains("2026-01-05 12:00 87.00 % 87 100", page);
        Assert.Contains("Page 1 of 1", page);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal("Login success, week 2", document.Information.Title);
    }

    [Fact]
    public void Long_tables_continue_on_numbered_pages_with_every_row_once()
    {
        var start = new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var points = Enumerable.Range(0, 120).Select(i => new KpiPointData(start.AddDays(i), true, 10_000 + i, 10_000 + i, 0)).ToList();
        var data = LoginSuccess() with
        {
            Title = "Events per day",
            Kpi = "events_count",
            Unit = "count",
            Granularity = ReportGranularity.Day,
            From = start,
            To = start.AddDays(120),
            Points = points,
            Total = new KpiPointData(start, true, points.Sum(p => p.Value), (long)points.Sum(p => p.Value), 0),
        };

        var pages = PdfText.Pages(Pdf(data));

        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.Contains("Total: 1,207,140", pages[0]);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Page {i + 1} of {pages.Count}", pages[i]);
            Assert.Contains("Time (UTC) Value Numerator Denominator", pages[i]);
            Assert.Equal(i > 0, pages[i].Contains("Data points (continued)"));
            Assert.Contains("Events per day", pages[i]);
        }
        var all = string.Join("\n", pages);
        for (var i = 0; i < points.Count; i++)
        {
            var row = $"{start.AddDays(i):yyyy-MM-dd} {10_000 + i:#,##0} {10_000 + i:#,##0} -";
            Assert.Equal(1, Occurrences(all, row));
        }
    }

    [Fact]
    public void Long_titles_are_shrunk_or_cut_to_the_page_width()
    {
        var title = string.Join(" ", Enumerable.Repeat("Quarterly", 20)) + " END";
        var pdf = Pdf(LoginSuccess() with { Title = title });

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        var layout = ReportLayout.A4;
        Assert.All(page.GetWords(), w => Assert.InRange(w.BoundingBox.Right, 0, layout.PageWidth - layout.Margin + 1));
        Assert.Contains("Quarterly Quarterly", string.Join(" ", page.GetWords().Select(w => w.Text)));
        Assert.DoesNotContain("END", string.Join(" ", page.GetWords().Select(w => w.Text)));
    }

    [Fact]
    public void An_empty_series_still_renders_a_report()
    {
        var data = LoginSuccess() with { Points = [], Total = new KpiPointData(Start, false, 0, 0, 0) };
        var page = Assert.Single(PdfText.Pages(Pdf(data)));
        Assert.Contains("Total: n/a", page);
        Assert.Contains("No data points in this range.", page);
    }

    [Theory]
    [InlineData(ChartKind.Line)]
    [InlineData(ChartKind.Bar)]
    [InlineData(ChartKind.Pie)]
    public void Charts_are_pngs_with_something_drawn(ChartKind kind)
    {
        var chart = new ChartBlock("Logins", kind, ["Mon", "Tue", "Wed"], [new ChartSeries("ok", [90, 75, 98]), new ChartSeries("failed", [10, 25, 2])]);
        var png = ChartRenderer.RenderPng(chart, 800, 400);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((800, 400), (bitmap.Width, bitmap.Height));
        var colors = new HashSet<SKColor>();
        for (var x = 0; x < bitmap.Width; x += 7)
        {
            for (var y = 0; y < bitmap.Height; y += 7)
            {
                colors.Add(bitmap.GetPixel(x, y));
            }
        }
        Assert.True(colors.Count > 3, $"{colors.Count} colours sampled");
    }

    private static byte[] Pdf(KpiReportData data) => new PdfReportRenderer(Fonts).Render(KpiReportDocument.Build(data)).Bytes;

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
