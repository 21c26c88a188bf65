using System.Globalization;

namespace Suite.Reporting.Domain;

/// <summary>
/// How reports print numbers and times (invariant culture, UTC). Ratios print as percentages with two decimals
/// ("87.50 %"); counts as whole numbers with thousands separators ("12,345"); other units as up to four decimals
/// followed by the unit. A bucket without a value (a ratio with no denominator) prints "n/a".
/// Report.total_value carries the raw number (0.875 for 87.50 %).
/// </summary>
public static class ValueFormatter
{
    public const string Ratio = "ratio";
    public const string Count = "count";
    public const string NoValue = "n/a";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string FormatValue(string unit, bool hasValue, double value)
    {
        if (!hasValue || !double.IsFinite(value))
        {
            return NoValue;
        }
        return unit switch
        {
            Ratio => (value * 100).ToString("0.00", Invariant) + " %",
            Count => value.ToString("#,##0.####", Invariant),
            _ => string.IsNullOrWhiteSpace(unit) ? value.ToString("0.####", Invariant) : value.ToString("0.####", Invariant) + " " + unit,
        };
    }

    public static string FormatCount(long count) => count.ToString("#,##0", Invariant);

    /// <summary>Denominators only mean something for ratios; counts show a dash.</summary>
    public static string FormatDenominator(string unit, long denominator) => unit == Ratio ? FormatCount(denominator) : "-";

    public static string TotalLine(string unit, KpiPointData total) => "Total: " + FormatValue(unit, total.HasValue, total.Value);

    public static string FormatTime(DateTimeOffset time, ReportGranularity granularity) =>
        time.UtcDateTime.ToString(granularity == ReportGranularity.Day ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", Invariant);

    /// <summary>"2026-01-01 00:00 to 2026-01-08 00:00 UTC" (the end is exclusive, as in the metrics API).</summary>
    public static string FormatRange(DateTimeOffset? from, DateTimeOffset? to)
    {
        static string Part(DateTimeOffset? t) => t is null ? "(open)" : t.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant);
        return $"{Part(from)} to {Part(to)} UTC";
    }

    public static string GranularityName(ReportGranularity granularity) => granularity switch
    {
        ReportGranularity.Minute => "minute",
        ReportGranularity.Hour => "hour",
        ReportGranularity.Day => "day",
        _ => "default",
    };

    /// <summary>A file name safe on every file system: "login_success_rate_20260101-0000_20260108-0000.pdf".</summary>
    public static string FileName(string kpi, DateTimeOffset? from, DateTimeOffset? to, string extension) =>
        $"{FileBase(kpi, from, to)}.{extension}";

    /// <summary>The file name without its extension: "login_success_rate_20260101-0000_20260108-0000".</summary>
    public static string FileBase(string kpi, DateTimeOffset? from, DateTimeOffset? to)
    {
        var safeKpi = new string(kpi.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        if (safeKpi.Length == 0)
        {
            safeKpi = "report";
        }
        static string Part(DateTimeOffset? t) => t is null ? "open" : t.Value.UtcDateTime.ToString("yyyyMMdd-HHmm", Invariant);
        return $"{safeKpi}_{Part(from)}_{Part(to)}";
    }
}
