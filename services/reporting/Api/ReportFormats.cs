using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Domain;

namespace Suite.Reporting.Api;

/// <summary>Report formats between the proto enum and the domain; UNSPECIFIED means PDF.</summary>
public static class ReportFormats
{
    public const string Supported = "REPORT_FORMAT_PDF, REPORT_FORMAT_HTML, REPORT_FORMAT_CSV, REPORT_FORMAT_XLSX";

    public static ReportFormatKind? ToDomain(ReportFormat format) => format switch
    {
        ReportFormat.Unspecified or ReportFormat.Pdf => ReportFormatKind.Pdf,
        ReportFormat.Html => ReportFormatKind.Html,
        ReportFormat.Csv => ReportFormatKind.Csv,
        ReportFormat.Xlsx => ReportFormatKind.Xlsx,
        _ => null,
    };

    public static ReportFormat ToProto(ReportFormatKind format) => format switch
    {
        ReportFormatKind.Pdf => ReportFormat.Pdf,
        ReportFormatKind.Html => ReportFormat.Html,
        ReportFormatKind.Csv => ReportFormat.Csv,
        ReportFormatKind.Xlsx => ReportFormat.Xlsx,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
