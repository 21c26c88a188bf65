using System.Globalization;
using System.IO.Compression;
using System.Text;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Rendering;

/// <summary>
/// A report's tables as CSV, one file per table (what an analyst loads into a spreadsheet or a data frame: one
/// rectangular table with one header row), named "{FileBase}-{table-slug}.csv". A document with one table is that
/// CSV; with several, the stored file is a ZIP of them (a report is stored, streamed and linked as one file).
/// A document without tables gives one CSV of its headline numbers.
/// RFC 4180: comma, CRLF line ends, double quotes around fields that need them. UTF-8 with a BOM, so Excel reads
/// non-ASCII text correctly (pandas and most CSV readers skip the BOM). Raw values, invariant culture: numbers as
/// plain decimals (a ratio as a fraction, 0.875), instants as ISO 8601 UTC ("2026-01-05T08:00:00Z"), dates as
/// "2026-01-05", no value as an empty field. Text that a spreadsheet would run as a formula (=, +, -, @ first) is
/// prefixed with an apostrophe.
/// </summary>
public sealed class CsvReportRenderer : IReportRenderer
{
    public const string ContentType = "text/csv; charset=utf-8";
    public const string Extension = "csv";
    public const string ZipContentType = "application/zip";

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public ReportFormatKind Format => ReportFormatKind.Csv;

    public RenderedReport Render(ReportDocument document)
    {
        var tables = document.Tables.ToList();
        if (tables.Count == 0)
        {
            tables.Add(HeadlineTable(document));
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var parts = new List<RenderedFile>();
        foreach (var table in tables)
        {
            var slug = DocumentNames.Slug(table.Title, "table");
            var name = $"{document.FileBase}-{slug}.csv";
            for (var n = 2; !names.Add(name); n++)
            {
                name = $"{document.FileBase}-{slug}-{n}.csv";
            }
            parts.Add(new RenderedFile(name, ContentType, Csv(table)));
        }
        if (parts.Count == 1)
        {
            return new RenderedReport(ContentType, Extension, parts[0].Bytes) { Parts = parts };
        }
        return new RenderedReport(ZipContentType, "zip", Zip(parts)) { Parts = parts };
    }

    public static byte[] Csv(TableBlock table)
    {
        var csv = new StringBuilder();
        AppendRow(csv, table.Columns.Select(c => Field(GuardFormula(c.Header))));
        foreach (var row in table.Rows)
        {
            AppendRow(csv, table.Columns.Select((column, i) => Field(Raw(i < row.Count ? row[i] : Cell.Of(""), column.Kind))));
        }
        return Utf8WithBom.GetPreamble().Concat(Utf8WithBom.GetBytes(csv.ToString())).ToArray();
    }

    /// <summary>A cell's raw value as CSV text (before quoting).</summary>
    public static string Raw(Cell cell, ColumnKind kind) => cell.Value switch
    {
        null => kind == ColumnKind.Text ? GuardFormula(cell.Text) : "",
        string s => GuardFormula(s),
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : "",
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTime t => IsoDateTime(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => GuardFormula(other.ToString() ?? ""),
    };

    private static string IsoDateTime(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTimeKind.Local => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
    };

    /// <summary>OWASP's advice against CSV injection: text starting with = + - @ tab or CR is prefixed with "'".</summary>
    public static string GuardFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>RFC 4180 field: quoted when it holds a comma, quote, CR or LF, or starts or ends with a space.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    private static void AppendRow(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields);
        csv.Append("\r\n");
    }

    private static TableBlock HeadlineTable(ReportDocument document) => new("Headlines",
        [new TableColumn("Headline"), new TableColumn("Value", ColumnKind.Number), new TableColumn("Shown as"), new TableColumn("Change"), new TableColumn("Flag"), new TableColumn("Note")],
        document.Headlines.Select(h => (IReadOnlyList<Cell>)
        [
            Cell.Of(h.Label), new Cell(h.Text, h.Value), Cell.Of(h.Text), Cell.Of(h.Change ?? ""),
            Cell.Of(h.Flag == Flag.None ? "" : h.Flag.ToString().ToLowerInvariant()), Cell.Of(h.Note ?? ""),
        ]).ToList());

    private static byte[] Zip(IReadOnlyList<RenderedFile> parts)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var part in parts)
            {
                var entry = zip.CreateEntry(part.Name, CompressionLevel.Optimal);
                using var target = entry.Open();
                target.Write(part.Bytes);
            }
        }
        return stream.ToArray();
    }
}
