using SkiaSharp;

namespace Suite.Reporting.Rendering;

/// <summary>
/// The typefaces reports use: DejaVu Sans (installed with fontconfig on the suite's machines; its glyphs embed in the
/// PDF with a Unicode map so the text stays extractable). Loaded once: typefaces are immutable and shareable.
/// </summary>
public sealed class ReportFonts : IDisposable
{
    public const string Family = "DejaVu Sans";

    public ReportFonts()
    {
        Regular = SKTypeface.FromFamilyName(Family, SKFontStyle.Normal) ?? SKTypeface.Default;
        Bold = SKTypeface.FromFamilyName(Family, SKFontStyle.Bold) ?? Regular;
    }

    public SKTypeface Regular { get; }
    public SKTypeface Bold { get; }

    /// <summary>False when fontconfig found no DejaVu Sans and Skia fell back to another family.</summary>
    public bool HasPreferredFamily => string.Equals(Regular.FamilyName, Family, StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
    }
}
