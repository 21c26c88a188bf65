using UglyToad.PdfPig;

namespace Suite.Reporting.Tests;

/// <summary>Text of a PDF as a reader would extract it (PdfPig): per page, words joined by single spaces.</summary>
public static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
    }
}
