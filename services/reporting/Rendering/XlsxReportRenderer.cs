using System.Data;
using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Rendering;

/// <summary>
/// A report as an Excel workbook (MiniExcel): a "Summary" sheet (title, tenant, period, generation time, then one
/// row per headline number), one sheet per table, and one per chart with the charted numbers ("Chart …"), so every
/// figure can be worked with. Cells are typed: numbers as numbers (a ratio as a fraction), instants as Excel dates
/// in UTC, text as text; a missing value is an empty cell. Sheet names follow Excel's rules (≤ 31 characters,
/// unique, none of []:*?/\).
/// </summary>
public sealed class XlsxReportRenderer : IReportRenderer
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Extension = "xlsx";
    public const string SummarySheet = "Summary";

    public ReportFormatKind Format => ReportFormatKind.Xlsx;

    public RenderedReport Render(ReportDocument document)
    {
        var tables = document.Tables.ToList();
        var charts = document.Charts.ToList();
        var names = DocumentNames.SheetNames([SummarySheet, .. tables.Select(t => t.Title), .. charts.Select(c => "Chart " + c.Title)]);
        var sheets = new Dictionary<string, object> { [names[0]] = Summary(document) };
        for (var i = 0; i < tables.Count; i++)
        {
            sheets[names[1 + i]] = Sheet(tables[i]);
        }
        for (var i = 0; i < charts.Count; i++)
        {
            sheets[names[1 + tables.Count + i]] = ChartSheet(charts[i]);
        }
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { FastMode = true });
        return new RenderedReport(ContentType, Extension, stream.ToArray());
    }

    private static DataTable Summary(ReportDocument document)
    {
        var sheet = NewTable(["Item", "Value", "Shown as", "Change", "Flag", "Note"]);
        sheet.Rows.Add("Report", DBNull.Value, document.Title, DBNull.Value, DBNull.Value, DBNull.Value);
        sheet.Rows.Add("Tenant", DBNull.Value, document.Tenant, DBNull.Value, DBNull.Value, DBNull.Value);
        sheet.Rows.Add("Period", DBNull.Value, document.Period, DBNull.Value, DBNull.Value, DBNull.Value);
        sheet.Rows.Add("Generated (UTC)", document.GeneratedAt.UtcDateTime, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value);
        foreach (var h in document.Headlines)
        {
            sheet.Rows.Add(h.Label, h.Value is { } v && double.IsFinite(v) ? v : DBNull.Value, h.Text, (object?)h.Change ?? DBNull.Value,
                h.Flag == Flag.None ? DBNull.Value : h.Flag.ToString().ToLowerInvariant(), (object?)h.Note ?? DBNull.Value);
        }
        return sheet;
    }

    private static DataTable Sheet(TableBlock table)
    {
        var sheet = NewTable(table.Columns.Select(c => c.Header));
        foreach (var row in table.Rows)
        {
            sheet.Rows.Add(table.Columns.Select((column, i) => Typed(i < row.Count ? row[i] : Cell.Of(""), column.Kind)).ToArray());
        }
        return sheet;
    }

    private static DataTable ChartSheet(ChartBlock chart)
    {
        var sheet = NewTable(["Category", .. chart.Series.Select(s => s.Name)]);
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            var row = new object[1 + chart.Series.Count];
            row[0] = DateTime.TryParseExact(chart.Categories[i], ["yyyy-MM-dd", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : chart.Categories[i];
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var values = chart.Series[s].Values;
                row[1 + s] = i < values.Count && values[i] is { } v && double.IsFinite(v) ? v : DBNull.Value;
            }
            sheet.Rows.Add(row);
        }
        return sheet;
    }

    /// <summary>The cell as Excel should hold it: a number, a DateTime (UTC), text, or empty.</summary>
    public static object Typed(Cell cell, ColumnKind kind) => cell.Value switch
    {
        null => kind == ColumnKind.Text ? cell.Text : DBNull.Value,
        double d => double.IsFinite(d) ? d : DBNull.Value,
        float f => float.IsFinite(f) ? (double)f : DBNull.Value,
        int or long or short or byte or decimal => Convert.ToDouble(cell.Value, CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime,
        DateTime t => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    };

    // Object columns: MiniExcel writes each cell by its value's type. Duplicate headers get " (2)".
    private static DataTable NewTable(IEnumerable<string> headers)
    {
        var table = new DataTable();
        foreach (var header in headers)
        {
            var name = string.IsNullOrWhiteSpace(header) ? "Column" : header;
            var unique = name;
            for (var n = 2; table.Columns.Contains(unique); n++)
            {
                unique = $"{name} ({n})";
            }
            table.Columns.Add(unique, typeof(object));
        }
        return table;
    }
}
