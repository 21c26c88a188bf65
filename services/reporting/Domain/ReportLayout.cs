namespace Suite.Reporting.Domain;

/// <summary>Page geometry of a report, in PDF points (1/72 inch): A4 portrait.</summary>
public sealed record ReportLayout
{
    public static readonly ReportLayout A4 = new();

    public float PageWidth { get; init; } = 595.28f;
    public float PageHeight { get; init; } = 841.89f;
    public float Margin { get; init; } = 48f;
    public float FooterHeight { get; init; } = 24f;
    public float ChartHeight { get; init; } = 250f;
    public float TableHeaderHeight { get; init; } = 20f;
    public float TableRowHeight { get; init; } = 16f;

    public float ContentWidth => PageWidth - 2 * Margin;

    /// <summary>The lowest y (from the top) that table rows may reach on any page.</summary>
    public float ContentBottom => PageHeight - Margin - FooterHeight;
}
