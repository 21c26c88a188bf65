using SkiaSharp;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Rendering;

/// <summary>
/// A report as PDF (SkiaSharp's PDF backend, DejaVu Sans so the text is extractable): title, tenant, period and
/// generation time, then the blocks in order — headline tiles coloured by flag, sections, text, charts (ScottPlot
/// PNGs, each rendered once) and tables split over pages with their header repeated — and "Page i of n" on every page.
/// Blocks are laid out first (<see cref="PdfLayout"/>) so the page count is known before the first page is drawn.
/// </summary>
public sealed class PdfReportRenderer(ReportFonts fonts) : IReportRenderer
{
    public const string ContentType = "application/pdf";
    public const string Extension = "pdf";

    public ReportFormatKind Format => ReportFormatKind.Pdf;

    public RenderedReport Render(ReportDocument document) => new(ContentType, Extension, RenderBytes(document, ReportLayout.A4));

    public byte[] RenderBytes(ReportDocument document, ReportLayout layout)
    {
        var pages = new PdfLayout(layout, fonts).Lay(document);
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = document.Title,
            Subject = $"{document.Title} for {document.Tenant}, {document.Period}",
            Creator = "Suite reporting",
            Producer = "Suite reporting (SkiaSharp)",
            Creation = document.GeneratedAt.UtcDateTime,
            Modified = document.GeneratedAt.UtcDateTime,
        };
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var page = new PdfPageWriter(pdf.BeginPage(layout.PageWidth, layout.PageHeight), fonts);
                foreach (var draw in pages[i])
                {
                    draw(page);
                }
                page.Text($"Page {i + 1} of {pages.Count}", layout.PageWidth / 2, layout.PageHeight - layout.Margin / 2, 9,
                    align: SKTextAlign.Center, color: SKColors.DimGray);
                pdf.EndPage();
            }
            pdf.Close();
        }
        return stream.ToArray();
    }
}
