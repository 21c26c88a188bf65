namespace Suite.Reporting.Domain.Documents;

/// <summary>
/// A report as content, before any format: a title, the period it covers, and blocks in reading order. Every report
/// type builds one (pure, from its data); every renderer (PDF, HTML, CSV, XLSX) draws any of them. Numbers are kept
/// next to their printed text so CSV/XLSX carry raw values and PDF/HTML the formatted ones.
/// </summary>
public sealed record ReportDocument(
    string Title,
    string Tenant,
    string Period,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ReportBlock> Blocks)
{
    public IEnumerable<TableBlock> Tables => Blocks.OfType<TableBlock>();
    public IEnumerable<ChartBlock> Charts => Blocks.OfType<ChartBlock>();
    public IEnumerable<Headline> Headlines => Blocks.OfType<HeadlineBlock>().SelectMany(b => b.Items);

    /// <summary>
    /// How files made from this document start ("login_success_rate_20260105-0800_20260105-1300"): the stored file is
    /// "{FileBase}.{ext}", a CSV part "{FileBase}-{table-slug}.csv". Defaults to a slug of the title.
    /// </summary>
    public string FileBase { get; init; } = DocumentNames.Slug(Title, "report");
}

public abstract record ReportBlock;

/// <summary>A heading that starts a section.</summary>
public sealed record SectionBlock(string Title) : ReportBlock;

/// <summary>A paragraph of plain text.</summary>
public sealed record TextBlock(string Text) : ReportBlock;

/// <summary>The headline numbers ("Logins 1,234  +5.2 % vs previous day"), shown as tiles; also the Slack summary.</summary>
public sealed record HeadlineBlock(IReadOnlyList<Headline> Items) : ReportBlock;

/// <param name="Value">The raw number (a ratio as a fraction), null when there is none.</param>
/// <param name="Text">The number as printed ("87.50 %", "1,234", "n/a").</param>
/// <param name="Change">Optional comparison as printed ("+5.2 % vs previous day").</param>
/// <param name="Flag">Whether the number crossed a line the business drew (e.g. login failure rate above 10 %).</param>
/// <param name="Note">Why it is flagged ("above 10 %").</param>
public sealed record Headline(string Label, double? Value, string Text, string? Change = null, Flag Flag = Flag.None, string? Note = null);

public enum Flag
{
    None,
    Good,
    Warning,
    Alert,
}

/// <summary>A table; each cell keeps its raw value for CSV/XLSX. Long tables continue over pages with their header.</summary>
public sealed record TableBlock(string Title, IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<Cell>> Rows) : ReportBlock
{
    /// <summary>What PDF and HTML print under the header when there are no rows.</summary>
    public string EmptyText { get; init; } = "No rows.";
}

public enum ColumnKind
{
    Text,
    Number,
    Percent,
    Money,
    Date,
}

/// <summary>A column: its header, what its cells hold, and the relative width in PDF/HTML.</summary>
public sealed record TableColumn(string Header, ColumnKind Kind = ColumnKind.Text, float Width = 1f);

/// <param name="Text">As printed.</param>
/// <param name="Value">The raw value: a number (a percent as a fraction), a date, or null for text.</param>
public sealed record Cell(string Text, object? Value = null, Flag Flag = Flag.None)
{
    public static Cell Of(string text) => new(text);
}

public enum ChartKind
{
    Line,
    Bar,
    Pie,
}

/// <summary>
/// A chart over categories (dates or names) with one or more series; a pie uses the first series. Rendered with
/// ScottPlot to PNG for PDF and HTML; CSV/XLSX carry the same numbers as a table.
/// </summary>
public sealed record ChartBlock(string Title, ChartKind Kind, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, string? YAxis = null) : ReportBlock;

public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);
