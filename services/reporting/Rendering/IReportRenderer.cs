using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Rendering;

/// <summary>Draws any <see cref="ReportDocument"/> in one format. Renderers are stateless singletons (DI).</summary>
public interface IReportRenderer
{
    ReportFormatKind Format { get; }

    RenderedReport Render(ReportDocument document);
}

/// <summary>
/// One rendered report as one file (what is stored, streamed and attached). <see cref="Parts"/> lists the files it is
/// made of when it is a bundle (CSV of several tables: a ZIP of one CSV per table); <see cref="Resources"/> the images
/// an HTML email body links to by <c>cid:</c> (empty for the self-contained download).
/// </summary>
public sealed record RenderedReport(string ContentType, string Extension, byte[] Bytes)
{
    public IReadOnlyList<RenderedFile> Parts { get; init; } = [];

    public IReadOnlyList<LinkedImage> Resources { get; init; } = [];
}

public sealed record RenderedFile(string Name, string ContentType, byte[] Bytes);

/// <summary>An image an HTML body refers to as <c>cid:{ContentId}</c> (MailKit BodyBuilder.LinkedResources).</summary>
public sealed record LinkedImage(string ContentId, string FileName, string ContentType, byte[] Bytes);

/// <summary>The renderer of each format, as registered.</summary>
public sealed class ReportRenderers(IEnumerable<IReportRenderer> renderers)
{
    private readonly Dictionary<ReportFormatKind, IReportRenderer> _byFormat = renderers.ToDictionary(r => r.Format);

    public IReportRenderer For(ReportFormatKind format) =>
        _byFormat.TryGetValue(format, out var renderer) ? renderer : throw new ArgumentOutOfRangeException(nameof(format), format, "no renderer registered");

    /// <summary>The stored and API name of a format: "pdf", "html", "csv", "xlsx".</summary>
    public static string Name(ReportFormatKind format) => format switch
    {
        ReportFormatKind.Pdf => "pdf",
        ReportFormatKind.Html => "html",
        ReportFormatKind.Csv => "csv",
        ReportFormatKind.Xlsx => "xlsx",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
